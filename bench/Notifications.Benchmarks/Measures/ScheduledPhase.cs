using System.Diagnostics;
using System.Net;
using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// Notifications that all fall due at the same instant: accepted with one <c>scheduleAt</c> far enough ahead for all of
/// them to be accepted before it (judged from the accept rate the run already measured), then awaited at the fake HTTP
/// provider. Lateness is the provider-received time minus that instant; one accepted after it counts too.
/// </summary>
public sealed class ScheduledPhase(HttpLoad load, FakeTwilio twilio, RunLog log, BenchmarkOptions options)
{
    private static readonly TimeSpan MinimumLead = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaximumLead = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(2);

    public async Task<ScheduledResult> RunAsync(int firstUser, double acceptedPerSecond, CancellationToken ct)
    {
        var count = options.Scheduled;
        var lead = Lead(count, acceptedPerSecond);
        var now = DateTimeOffset.UtcNow;
        var nowTimestamp = Stopwatch.GetTimestamp();
        var dueAt = new DateTimeOffset((now + lead).UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

        // The same instant on the Stopwatch the provider's arrivals are timed with.
        var due = nowTimestamp + (long)((dueAt - now).TotalSeconds * Stopwatch.Frequency);
        Console.WriteLine($"  scheduled: {count:N0} SMS notifications all due at {dueAt:HH:mm:ss.fff} UTC ({(dueAt - now).TotalSeconds:N1} s ahead)");

        var tracker = new DeliveryTracker(count);
        var accept = await load.RunClosedAsync(
            "scheduled", count, options.Concurrency, index => Workload.SendNotification("u", firstUser + index, options.Users, Workload.Sms, null, dueAt),
            HttpStatusCode.Accepted, tracker.Accepted, ct);
        log.Print(accept);
        var acceptedLate = tracker.AcceptedAfter(due);
        if (acceptedLate > 0)
        {
            log.Note($"scheduled: {acceptedLate:N0} of {tracker.AcceptedCount:N0} notifications were accepted after their due time (sent at once; their lateness counts).");
        }

        await Pause.UntilAsync(due, ct);
        var delivered = await tracker.WaitForDeliveriesAsync(twilio, due, DrainLimit, "scheduled deliveries", ct);
        var (lateness, early) = tracker.ReceivedSince(twilio, _ => due);
        Console.WriteLine(
            $"    scheduled deliveries: {delivered.Delivered:N0}/{delivered.Accepted:N0} in {delivered.Seconds:N2} s after the due time = {delivered.DeliveredPerSecond:N0}/s; lateness p50 {lateness.P50:N0} ms, p99 {lateness.P99:N0} ms, max {lateness.Max:N0} ms");
        if (delivered.Incomplete is { } why)
        {
            log.Note($"scheduled: {delivered.Accepted - delivered.Delivered:N0} of {delivered.Accepted:N0} accepted notifications did not reach the provider ({why}).");
            await log.DescribeUndeliveredAsync(load.Client, tracker, twilio, ct);
        }

        if (early > 0)
        {
            log.Note($"scheduled: {early:N0} notifications reached the provider before their due time (counted as 0 ms late).");
        }

        return new ScheduledResult(
            count, Math.Round((dueAt - now).TotalSeconds, 3), accept, acceptedLate, delivered.Delivered, delivered.DeliveredPerSecond, lateness, early, delivered.Incomplete,
            ct.IsCancellationRequested);
    }

    /// <summary>Twice the time accepting them should take, and two seconds more: all are in before the instant, with no long idle wait.</summary>
    private static TimeSpan Lead(int count, double acceptedPerSecond)
    {
        var estimate = acceptedPerSecond > 0 ? TimeSpan.FromSeconds(count / acceptedPerSecond) : MaximumLead;
        var lead = (estimate * 2) + TimeSpan.FromSeconds(2);
        return lead < MinimumLead ? MinimumLead : lead > MaximumLead ? MaximumLead : lead;
    }
}

/// <summary>
/// Notifications all due at the same instant: how far ahead it was, their acceptance, and how late each reached the
/// provider (received time minus the instant). <see cref="DeliveredPerSecond"/> counts from the instant to the last
/// arrival: how fast the product works through a batch that falls due at once. <see cref="CutShort"/>: the benchmark's
/// time limit ended the phase.
/// </summary>
public sealed record ScheduledResult(
    int Requested,
    double LeadSeconds,
    PhaseResult Accept,
    int AcceptedAfterDue,
    int Delivered,
    double DeliveredPerSecond,
    LatencySummary Lateness,
    int ArrivedEarly,
    string? Incomplete,
    bool CutShort);
