using System.Diagnostics;
using System.Globalization;
using System.Net;
using Notifications.Benchmarks.Hosting;
using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// One run against a started target: warm-up, yardstick, memory (user grains), SMS to the fake HTTP provider at full
/// speed and then at half the delivered rate, and email to the SMTP sink at full speed. Every phase uses the same
/// concurrency, and every notification goes to a different user.
/// </summary>
public sealed class BenchmarkRun(IBenchmarkTarget target, SmtpProviderSink smtp, FakeTwilio twilio, BenchmarkOptions options, string apiKey)
{
    private const int WarmUpUsers = 1_000;
    private const int WarmUpNotifications = 1_000;
    private const int WarmUpYardstick = 5_000;
    private const int MinimumPaced = 100;
    private const int MinimumEmail = 1_000;

    /// <summary>The yardstick answers fast: this many requests keep it running for seconds, not a blink.</summary>
    private const int MinimumYardstick = 100_000;

    private static readonly TimeSpan SettleBeforeMemory = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan WarmUpDrainLimit = TimeSpan.FromMinutes(1);

    private readonly List<string> notes = [];
    private int nextUser;

    public async Task<RunResult> ExecuteAsync(int number, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        using var http = HttpLoad.CreateClient(target.ApiAddress, options.Concurrency, apiKey);
        var load = new HttpLoad(http);

        await WarmUpAsync(load, ct);

        var yardstickRequests = Math.Max(options.Notifications, MinimumYardstick);
        Console.WriteLine($"  yardstick: {yardstickRequests:N0} requests");
        var yardstick = await load.RunClosedAsync(
            "yardstick", yardstickRequests, options.Concurrency, index => Workload.Yardstick("u", index, options.Users), HttpStatusCode.Accepted, null, ct);
        Print(yardstick);

        Console.WriteLine($"  memory: {options.Users:N0} user grains");
        var memory = await MeasureMemoryAsync(load, ct);
        Console.WriteLine(
            $"    {memory.BytesPerUserGrain:N0} bytes per user grain on average, {memory.MarginalBytesPerUserGrain:N0} over the second half (resident {Mb(memory.ResidentBytesBefore)} → {Mb(memory.ResidentBytesHalfway)} → {Mb(memory.ResidentBytesAfter)} MiB)");

        Console.WriteLine($"  accept: {options.Notifications:N0} SMS notifications, as fast as they are answered, to the fake HTTP provider");
        var (accept, endToEnd) = await SendAtFullSpeedAsync(load, "accept", options.Notifications, Workload.Sms, twilio, ct);

        var paced = await MeasurePacedAsync(load, endToEnd, ct);

        var emails = Math.Max(MinimumEmail, options.Notifications / 2);
        ChannelResult? email = null;
        if (!ct.IsCancellationRequested)
        {
            Console.WriteLine($"  email: {emails:N0} email notifications, as fast as they are answered, to the SMTP sink");
            var (emailAccept, emailEndToEnd) = await SendAtFullSpeedAsync(load, "email", emails, Workload.Email, smtp, ct);
            email = new ChannelResult(Workload.Email, emailAccept, emailEndToEnd);
        }

        return new RunResult(number, Math.Round(started.Elapsed.TotalSeconds, 1), yardstick, memory, accept, endToEnd, paced, email, notes);
    }

    private async Task WarmUpAsync(HttpLoad load, CancellationToken ct)
    {
        Console.WriteLine("  warm-up (not measured)");
        var concurrency = options.Concurrency;
        Require(await load.RunClosedAsync("warm-up users", WarmUpUsers, concurrency, index => Workload.PutUser("w", index), HttpStatusCode.Created, null, ct));
        Require(await load.RunClosedAsync("warm-up yardstick", WarmUpYardstick, concurrency, index => Workload.Yardstick("w", index, WarmUpUsers), HttpStatusCode.Accepted, null, ct));
        foreach (var (channel, sink) in new (string, IProviderSink)[] { (Workload.Sms, twilio), (Workload.Email, smtp) })
        {
            var tracker = new DeliveryTracker(WarmUpNotifications);
            var start = Stopwatch.GetTimestamp();
            Require(await load.RunClosedAsync(
                $"warm-up {channel}", WarmUpNotifications, concurrency, index => Workload.SendNotification("w", index, WarmUpUsers, channel), HttpStatusCode.Accepted, tracker.Accepted, ct));
            var delivered = await tracker.WaitForDeliveriesAsync(sink, start, WarmUpDrainLimit, $"warm-up {channel} deliveries", ct);
            if (delivered.Delivered < delivered.Accepted)
            {
                throw new InvalidOperationException(
                    $"Only {delivered.Delivered} of {delivered.Accepted} warm-up {channel} notifications reached the provider ({delivered.Incomplete}); see the target's logs.");
            }
        }
    }

    /// <summary>
    /// Resident memory before any of the users, after half of them and after all of them. The average over all of them
    /// carries whatever the load itself added (buffers, a larger heap budget); the growth over the second half is what
    /// one more active user grain costs.
    /// </summary>
    private async Task<MemoryResult> MeasureMemoryAsync(HttpLoad load, CancellationToken ct)
    {
        var half = options.Users / 2;
        var before = ReadSiloMemory();
        var first = await load.RunClosedAsync(
            "users (first half)", half, options.Concurrency, index => Workload.PutUser("u", index), HttpStatusCode.Created, null, ct);
        Require(first);
        await Task.Delay(SettleBeforeMemory, ct);
        var middle = ReadSiloMemory();
        var second = await load.RunClosedAsync(
            "users (second half)", options.Users - half, options.Concurrency, index => Workload.PutUser("u", half + index), HttpStatusCode.Created, null, ct);
        Require(second);
        await Task.Delay(SettleBeforeMemory, ct);
        var after = ReadSiloMemory();
        var users = first.Succeeded + second.Succeeded;
        var seconds = first.Seconds + second.Seconds;
        var upserts = new PhaseResult(
            "users", options.Users, users, first.Failed + second.Failed, seconds, seconds > 0 ? users / seconds : 0, second.Latency, first.FirstError ?? second.FirstError, first.CutShort || second.CutShort);
        return new MemoryResult(
            users,
            before.ResidentBytes,
            middle.ResidentBytes,
            after.ResidentBytes,
            after.PeakResidentBytes,
            users > 0 ? (double)(after.ResidentBytes - before.ResidentBytes) / users : double.NaN,
            second.Succeeded > 0 ? (double)(after.ResidentBytes - middle.ResidentBytes) / second.Succeeded : double.NaN,
            upserts);
    }

    /// <summary>Notifications as fast as they are answered, then the wait for all of them to reach the provider.</summary>
    private async Task<(PhaseResult Accept, EndToEndResult EndToEnd)> SendAtFullSpeedAsync(
        HttpLoad load, string name, int count, string channel, IProviderSink sink, CancellationToken ct)
    {
        var firstUser = TakeUsers(count);
        var tracker = new DeliveryTracker(count);
        var start = Stopwatch.GetTimestamp();
        var accept = await load.RunClosedAsync(
            name, count, options.Concurrency, index => Workload.SendNotification("u", firstUser + index, options.Users, channel), HttpStatusCode.Accepted, tracker.Accepted, ct);
        Print(accept);
        var endToEnd = await tracker.WaitForDeliveriesAsync(sink, start, DrainLimit, $"{name} deliveries", ct);
        Print($"{name} end to end", endToEnd);
        await DescribeUndeliveredAsync(load.Client, tracker, sink, ct);
        return (accept, endToEnd);
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
        Console.WriteLine($"  paced: {count:N0} SMS notifications at {rate:N0}/s (half the delivered rate)");
        var firstUser = TakeUsers(count);
        var tracker = new DeliveryTracker(count);
        var start = Stopwatch.GetTimestamp();
        var accept = await load.RunPacedAsync(
            "paced", count, rate, options.Concurrency, index => Workload.SendNotification("u", firstUser + index, options.Users, Workload.Sms), HttpStatusCode.Accepted, tracker.Accepted, ct);
        Print(accept);
        var endToEnd = await tracker.WaitForDeliveriesAsync(twilio, start, DrainLimit, "paced deliveries", ct);
        Print("paced end to end", endToEnd);
        await DescribeUndeliveredAsync(load.Client, tracker, twilio, ct);
        return new PacedResult(rate, accept, endToEnd);
    }

    /// <summary>The next <paramref name="count"/> users: each notification of a run goes to a user none before went to, while users last.</summary>
    private int TakeUsers(int count)
    {
        var first = nextUser;
        nextUser += count;
        return first;
    }

    /// <summary>What the product says about a few notifications that never reached the provider: a finding, not noise.</summary>
    private async Task DescribeUndeliveredAsync(HttpClient http, DeliveryTracker tracker, IProviderSink sink, CancellationToken ct)
    {
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
            $"    {label}: {result.Delivered:N0}/{result.Accepted:N0} delivered in {result.Seconds:N2} s = {result.DeliveredPerSecond:N0}/s; accept → provider p50 {latency.P50:N1} ms, p99 {latency.P99:N1} ms, p99.9 {latency.P999:N1} ms");
        if (result.Incomplete is { } why)
        {
            notes.Add($"{label}: {result.Accepted - result.Delivered:N0} of {result.Accepted:N0} accepted notifications did not reach the provider ({why}).");
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture);
}
