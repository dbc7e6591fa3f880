using System.Diagnostics;
using System.Net;
using Notifications.Benchmarks.Hosting;
using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// One run against a started target: warm-up, yardstick, memory (user grains), accept at full speed with its deliveries,
/// then accept at half the delivered rate. Every phase uses the same concurrency.
/// </summary>
public sealed class BenchmarkRun(IBenchmarkTarget target, SmtpProviderSink sink, BenchmarkOptions options, string apiKey)
{
    private const int WarmUpUsers = 1_000;
    private const int WarmUpNotifications = 2_000;
    private const int WarmUpYardstick = 5_000;
    private const int MinimumPaced = 100;

    /// <summary>The yardstick answers fast: this many requests keep it running for seconds, not a blink.</summary>
    private const int MinimumYardstick = 100_000;

    private static readonly TimeSpan SettleBeforeMemory = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan WarmUpDrainLimit = TimeSpan.FromMinutes(1);

    private readonly List<string> notes = [];

    public async Task<RunResult> ExecuteAsync(int number, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        using var http = HttpLoad.CreateClient(target.ApiAddress, options.Concurrency, apiKey);
        var load = new HttpLoad(http);
        var concurrency = options.Concurrency;
        var users = options.Users;

        Console.WriteLine("  warm-up (not measured)");
        Require(await load.RunClosedAsync("warm-up users", WarmUpUsers, concurrency, index => Workload.PutUser(Workload.UserId("w", index)), HttpStatusCode.Created, null, ct));
        Require(await load.RunClosedAsync("warm-up yardstick", WarmUpYardstick, concurrency, index => Workload.Yardstick("w", index, WarmUpUsers), HttpStatusCode.Accepted, null, ct));
        var warmUp = new DeliveryTracker(WarmUpNotifications);
        var warmUpStart = Stopwatch.GetTimestamp();
        Require(await load.RunClosedAsync(
            "warm-up notifications", WarmUpNotifications, concurrency, index => Workload.SendNotification("w", index, WarmUpUsers), HttpStatusCode.Accepted, warmUp.Accepted, ct));
        var warmDelivered = await warmUp.WaitForDeliveriesAsync(sink, warmUpStart, WarmUpDrainLimit, "warm-up deliveries", ct);
        if (warmDelivered.Delivered < warmDelivered.Accepted)
        {
            throw new InvalidOperationException(
                $"Only {warmDelivered.Delivered} of {warmDelivered.Accepted} warm-up notifications reached the SMTP sink ({warmDelivered.Incomplete}); see the target's log.");
        }

        var yardstickRequests = Math.Max(options.Notifications, MinimumYardstick);
        Console.WriteLine($"  yardstick: {yardstickRequests:N0} requests");
        var yardstick = await load.RunClosedAsync(
            "yardstick", yardstickRequests, concurrency, index => Workload.Yardstick("u", index, users), HttpStatusCode.Accepted, null, ct);
        Print(yardstick);

        Console.WriteLine($"  memory: {users:N0} user grains");
        var memory = await MeasureMemoryAsync(load, users, ct);
        Console.WriteLine($"    {memory.BytesPerUserGrain:N0} bytes per user grain (resident {Mb(memory.ResidentBytesBefore)} → {Mb(memory.ResidentBytesAfter)} MB)");

        Console.WriteLine($"  accept: {options.Notifications:N0} notifications, as fast as they are answered");
        var tracker = new DeliveryTracker(options.Notifications);
        var acceptStart = Stopwatch.GetTimestamp();
        var accept = await load.RunClosedAsync(
            "accept", options.Notifications, concurrency, index => Workload.SendNotification("u", index, users), HttpStatusCode.Accepted, tracker.Accepted, ct);
        Print(accept);
        var endToEnd = await tracker.WaitForDeliveriesAsync(sink, acceptStart, DrainLimit, "deliveries", ct);
        Print("end to end", endToEnd);
        await DescribeUndeliveredAsync(http, tracker, ct);

        var paced = await MeasurePacedAsync(load, endToEnd, ct);
        return new RunResult(number, Math.Round(started.Elapsed.TotalSeconds, 1), yardstick, memory, accept, endToEnd, paced, notes);
    }

    private async Task<MemoryResult> MeasureMemoryAsync(HttpLoad load, int users, CancellationToken ct)
    {
        var before = ReadSiloMemory();
        var upserts = await load.RunClosedAsync(
            "users", users, options.Concurrency, index => Workload.PutUser(Workload.UserId("u", index)), HttpStatusCode.Created, null, ct);
        Require(upserts);
        await Task.Delay(SettleBeforeMemory, ct);
        var after = ReadSiloMemory();
        return new MemoryResult(
            upserts.Succeeded,
            before.ResidentBytes,
            after.ResidentBytes,
            after.PeakResidentBytes,
            upserts.Succeeded > 0 ? (double)(after.ResidentBytes - before.ResidentBytes) / upserts.Succeeded : double.NaN,
            upserts);
    }

    /// <summary>Notifications at half the delivered rate just reached: the latency a system not at its limit shows.</summary>
    private async Task<PacedResult?> MeasurePacedAsync(HttpLoad load, EndToEndResult saturated, CancellationToken ct)
    {
        var rate = Math.Round(saturated.DeliveredPerSecond / 2);
        if (rate < 1 || ct.IsCancellationRequested)
        {
            notes.Add("The paced phase was skipped: no delivered rate to halve, or no time left.");
            return null;
        }

        var count = (int)Math.Max(MinimumPaced, rate * options.PacedDuration.TotalSeconds);
        Console.WriteLine($"  paced: {count:N0} notifications at {rate:N0}/s (half the delivered rate)");
        var tracker = new DeliveryTracker(count);
        var start = Stopwatch.GetTimestamp();
        var offset = options.Notifications;
        var accept = await load.RunPacedAsync(
            "paced", count, rate, options.Concurrency, index => Workload.SendNotification("u", offset + index, options.Users), HttpStatusCode.Accepted, tracker.Accepted, ct);
        Print(accept);
        var endToEnd = await tracker.WaitForDeliveriesAsync(sink, start, DrainLimit, "paced deliveries", ct);
        Print("paced end to end", endToEnd);
        await DescribeUndeliveredAsync(load.Client, tracker, ct);
        return new PacedResult(rate, accept, endToEnd);
    }

    /// <summary>What the product says about a few notifications that never reached the provider: a finding, not noise.</summary>
    private async Task DescribeUndeliveredAsync(HttpClient http, DeliveryTracker tracker, CancellationToken ct)
    {
        foreach (var id in tracker.Undelivered(sink, max: 5))
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

    private ProcessMemory ReadSiloMemory() => ProcessMemory.Sum(target.SiloHosts.Select(process => process.ReadMemory()));

    private static void Require(PhaseResult phase)
    {
        if (phase.Failed > 0)
        {
            throw new InvalidOperationException($"{phase.Name}: {phase.Failed} of {phase.Requested} requests failed; first: {phase.FirstError}");
        }
    }

    private void Print(PhaseResult phase)
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

    private void Print(string label, EndToEndResult result)
    {
        var latency = result.AcceptToProvider;
        Console.WriteLine(
            $"    {label}: {result.Delivered:N0}/{result.Accepted:N0} delivered in {result.Seconds:N2} s = {result.DeliveredPerSecond:N0}/s; accept → SMTP p50 {latency.P50:N1} ms, p99 {latency.P99:N1} ms, p99.9 {latency.P999:N1} ms");
        if (result.Incomplete is { } why)
        {
            notes.Add($"{label}: {result.Accepted - result.Delivered:N0} of {result.Accepted:N0} accepted notifications did not reach the SMTP sink ({why}).");
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
}
