using System.Diagnostics;
using System.Globalization;
using System.Net;
using Notifications.Benchmarks.Hosting;
using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// One run against a started target: warm-up, yardstick, memory (user grains), SMS to the fake HTTP provider at full
/// speed and then at half the delivered rate, email to the SMTP sink at full speed, template renders, notifications due
/// at the same instant, and last critical notifications behind a bulk backlog (whose rest is not waited for). Every
/// phase uses the same concurrency, and every notification goes to a different user while users last.
/// </summary>
public sealed class BenchmarkRun(IBenchmarkTarget target, SmtpProviderSink smtp, FakeTwilio twilio, BenchmarkOptions options, string apiKey)
{
    private const int WarmUpUsers = 1_000;
    private const int WarmUpNotifications = 1_000;
    private const int WarmUpYardstick = 5_000;
    private const int MinimumPaced = 100;
    private const int MinimumEmail = 1_000;
    private const int WarmUpRenders = 1_000;

    /// <summary>The yardstick answers fast: this many requests keep it running for seconds, not a blink.</summary>
    private const int MinimumYardstick = 100_000;

    private static readonly TimeSpan SettleBeforeMemory = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan WarmUpDrainLimit = TimeSpan.FromMinutes(1);

    private readonly RunLog log = new();
    private readonly UserCursor recipients = new();

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
        log.Print(yardstick);

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

        PhaseResult? renders = null;
        if (!ct.IsCancellationRequested)
        {
            Console.WriteLine($"  renders: {options.Renders:N0} template previews (the {Workload.NotificationType} email, nothing sent), as fast as they are answered");
            renders = await load.RunClosedAsync("renders", options.Renders, options.Concurrency, Workload.PreviewTemplate, HttpStatusCode.OK, null, ct);
            log.Print(renders);
        }

        ScheduledResult? scheduled = null;
        if (!ct.IsCancellationRequested)
        {
            scheduled = await new ScheduledPhase(load, twilio, log, options).RunAsync(recipients.Take(options.Scheduled), accept.PerSecond, ct);
        }

        // Last: the bulk backlog is still draining when it ends, and nothing after it is measured on this target.
        CriticalUnderBulkResult? critical = null;
        if (!ct.IsCancellationRequested)
        {
            critical = await new CriticalUnderBulkPhase(load, twilio, log, options).RunAsync(recipients, ct);
        }

        return new RunResult(
            number, Math.Round(started.Elapsed.TotalSeconds, 1), yardstick, memory, accept, endToEnd, paced, email, renders, scheduled, critical, log.Notes);
    }

    private async Task WarmUpAsync(HttpLoad load, CancellationToken ct)
    {
        Console.WriteLine("  warm-up (not measured)");
        var concurrency = options.Concurrency;
        RunLog.Require(await load.RunClosedAsync("warm-up users", WarmUpUsers, concurrency, index => Workload.PutUser("w", index), HttpStatusCode.Created, null, ct));
        RunLog.Require(await load.RunClosedAsync("warm-up yardstick", WarmUpYardstick, concurrency, index => Workload.Yardstick("w", index, WarmUpUsers), HttpStatusCode.Accepted, null, ct));

        // Also shows at once whether the product has a render-only path (template preview) at all.
        RunLog.Require(await load.RunClosedAsync("warm-up renders", WarmUpRenders, concurrency, Workload.PreviewTemplate, HttpStatusCode.OK, null, ct));
        foreach (var (channel, sink) in new (string, IProviderSink)[] { (Workload.Sms, twilio), (Workload.Email, smtp) })
        {
            var tracker = new DeliveryTracker(WarmUpNotifications);
            var start = Stopwatch.GetTimestamp();
            RunLog.Require(await load.RunClosedAsync(
                $"warm-up {channel}", WarmUpNotifications, concurrency, index => Workload.SendNotification("w", index, WarmUpUsers, channel), HttpStatusCode.Accepted, tracker.Accepted, ct));
            var delivered = await tracker.WaitForDeliveriesAsync(sink, start, WarmUpDrainLimit, $"warm-up {channel} deliveries", ct);
            if (delivered.Delivered < delivered.Accepted)
            {
                await log.DescribeUndeliveredAsync(load.Client, tracker, sink, ct);
                throw new InvalidOperationException(
                    $"Only {delivered.Delivered} of {delivered.Accepted} warm-up {channel} notifications reached the provider ({delivered.Incomplete}); see the target's logs."
                    + string.Concat(log.Notes.Select(note => Environment.NewLine + note)));
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
        RunLog.Require(first);
        await Pause.ForAsync(SettleBeforeMemory, ct);
        var middle = ReadSiloMemory();
        var second = await load.RunClosedAsync(
            "users (second half)", options.Users - half, options.Concurrency, index => Workload.PutUser("u", half + index), HttpStatusCode.Created, null, ct);
        RunLog.Require(second);
        await Pause.ForAsync(SettleBeforeMemory, ct);
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
        var firstUser = recipients.Take(count);
        var tracker = new DeliveryTracker(count);
        var start = Stopwatch.GetTimestamp();
        var accept = await load.RunClosedAsync(
            name, count, options.Concurrency, index => Workload.SendNotification("u", firstUser + index, options.Users, channel), HttpStatusCode.Accepted, tracker.Accepted, ct);
        log.Print(accept);
        var endToEnd = await tracker.WaitForDeliveriesAsync(sink, start, DrainLimit, $"{name} deliveries", ct);
        log.Print($"{name} end to end", endToEnd);
        await log.DescribeUndeliveredAsync(load.Client, tracker, sink, ct);
        return (accept, endToEnd);
    }

    /// <summary>Notifications at half the delivered rate just reached: the latency a system not at its limit shows.</summary>
    private async Task<PacedResult?> MeasurePacedAsync(HttpLoad load, EndToEndResult saturated, CancellationToken ct)
    {
        var rate = Math.Round(saturated.DeliveredPerSecond / 2);
        if (rate < 1 || ct.IsCancellationRequested)
        {
            log.Note("The paced phase was skipped: no delivered rate to halve, or no time left.");
            return null;
        }

        var count = (int)Math.Max(MinimumPaced, rate * options.PacedDuration.TotalSeconds);
        Console.WriteLine($"  paced: {count:N0} SMS notifications at {rate:N0}/s (half the delivered rate)");
        var firstUser = recipients.Take(count);
        var tracker = new DeliveryTracker(count);
        var start = Stopwatch.GetTimestamp();
        var accept = await load.RunPacedAsync(
            "paced", count, rate, options.Concurrency, index => Workload.SendNotification("u", firstUser + index, options.Users, Workload.Sms), HttpStatusCode.Accepted, tracker.Accepted, ct);
        log.Print(accept);
        var endToEnd = await tracker.WaitForDeliveriesAsync(twilio, start, DrainLimit, "paced deliveries", ct);
        log.Print("paced end to end", endToEnd);
        await log.DescribeUndeliveredAsync(load.Client, tracker, twilio, ct);
        return new PacedResult(rate, accept, endToEnd);
    }

    private ProcessMemory ReadSiloMemory() => ProcessMemory.Sum(target.SiloHosts.Select(process => process.ReadMemory()));

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture);
}
