using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// What a run prints as it goes, and the notes it keeps for the report: failures, phases cut short, notifications that
/// never arrived, and anything that makes a figure mean less than it seems.
/// </summary>
public sealed class RunLog
{
    private readonly List<string> notes = [];

    public IReadOnlyList<string> Notes => notes;

    public void Note(string note)
    {
        Console.WriteLine($"    note: {note}");
        notes.Add(note);
    }

    public void Print(PhaseResult phase)
    {
        Console.WriteLine(
            $"    {phase.Name}: {phase.Succeeded:N0} in {phase.Seconds:N2} s = {phase.PerSecond:N0}/s; p50 {phase.Latency.P50:N2} ms, p99 {phase.Latency.P99:N2} ms, p99.9 {phase.Latency.P999:N2} ms"
            + (phase.Failed > 0 ? $"; {phase.Failed:N0} failed, first: {phase.FirstError}" : string.Empty));
        if (phase.Failed > 0)
        {
            notes.Add($"{phase.Name}: {phase.Failed:N0} of {phase.Requested:N0} requests failed; first: {phase.FirstError}");
        }

        if (phase.CutShort)
        {
            notes.Add($"{phase.Name}: cut short by the time limit after {phase.Succeeded + phase.Failed:N0} of {phase.Requested:N0} requests.");
        }
    }

    public void Print(string label, EndToEndResult result)
    {
        var latency = result.AcceptToProvider;
        Console.WriteLine(
            $"    {label}: {result.Delivered:N0}/{result.Accepted:N0} delivered in {result.Seconds:N2} s = {result.DeliveredPerSecond:N0}/s; accept → provider p50 {latency.P50:N1} ms, p99 {latency.P99:N1} ms, p99.9 {latency.P999:N1} ms");
        if (result.Incomplete is { } why)
        {
            notes.Add($"{label}: {result.Accepted - result.Delivered:N0} of {result.Accepted:N0} accepted notifications did not reach the provider ({why}).");
        }
    }

    /// <summary>What the product says about a few notifications that never reached the provider: a finding, not noise.</summary>
    public async Task DescribeUndeliveredAsync(HttpClient http, DeliveryTracker tracker, IProviderSink sink, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            // Out of time: they were still on their way, and there is no time left to ask.
            return;
        }

        foreach (var id in tracker.Undelivered(sink, max: 3))
        {
            try
            {
                using var response = await http.GetAsync($"/api/v1/notifications/{id}", ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                notes.Add($"Not delivered: notification {id} answers {(int)response.StatusCode}: {(body.Length > 400 ? body[..400] + "…" : body)}");
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                notes.Add($"Not delivered: notification {id}; its status could not be read ({exception.Message}).");
            }
        }
    }

    /// <summary>Stops the run when a phase whose figures later phases depend on had failures.</summary>
    public static void Require(PhaseResult phase)
    {
        if (phase.Failed > 0)
        {
            throw new InvalidOperationException($"{phase.Name}: {phase.Failed} of {phase.Requested} requests failed; first: {phase.FirstError}");
        }
    }
}

/// <summary>Hands out users so that each notification of a run goes to a user none before went to, while users last.</summary>
public sealed class UserCursor
{
    private int next;

    /// <summary>The index of the first of the next <paramref name="count"/> users.</summary>
    public int Take(int count)
    {
        var first = next;
        next += count;
        return first;
    }
}
