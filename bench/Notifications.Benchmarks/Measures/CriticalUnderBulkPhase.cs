using System.Diagnostics;
using System.Net;
using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// Critical notifications at a modest steady rate while a backlog of bulk ones drains to the same provider: what the
/// priority lanes promise. The bulk SMS are accepted first, as fast as they are answered; the critical SMS follow at
/// once, paced. How much bulk was still queued (accepted, not yet at the provider) when the first and the last critical
/// one was accepted is part of the result, with the rate the bulk drained at meanwhile, so a backlog that had already
/// drained cannot pass for one that had not. The phase ends when the critical ones have arrived: it is the last of a
/// run, and the bulk left is not waited for.
/// </summary>
public sealed class CriticalUnderBulkPhase(HttpLoad load, FakeTwilio twilio, RunLog log, BenchmarkOptions options)
{
    public const double CriticalPerSecond = 20;

    public static readonly TimeSpan CriticalDuration = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(1);

    public async Task<CriticalUnderBulkResult> RunAsync(UserCursor users, CancellationToken ct)
    {
        Console.WriteLine($"  critical while bulk drains: {options.Bulk:N0} bulk SMS as fast as they are answered, then critical SMS at {CriticalPerSecond:N0}/s for {CriticalDuration.TotalSeconds:N0} s");
        var bulkUser = users.Take(options.Bulk);
        var bulk = new DeliveryTracker(options.Bulk);
        var bulkAccept = await load.RunClosedAsync(
            "bulk backlog", options.Bulk, options.Concurrency, index => Workload.SendNotification("u", bulkUser + index, options.Users, Workload.Sms, Workload.Bulk, null),
            HttpStatusCode.Accepted, bulk.Accepted, ct);
        log.Print(bulkAccept);

        var count = (int)(CriticalPerSecond * CriticalDuration.TotalSeconds);
        var criticalUser = users.Take(count);
        var critical = new DeliveryTracker(count);
        var sentAt = new long[count];
        var start = Stopwatch.GetTimestamp();
        var criticalAccept = await load.RunPacedAsync(
            "critical", count, CriticalPerSecond, options.Concurrency,
            index =>
            {
                sentAt[index] = Stopwatch.GetTimestamp();
                return Workload.SendNotification("u", criticalUser + index, options.Users, Workload.Sms, Workload.Critical, null);
            },
            HttpStatusCode.Accepted, critical.Accepted, ct);
        log.Print(criticalAccept);
        var endToEnd = await critical.WaitForDeliveriesAsync(twilio, start, DrainLimit, "critical deliveries", ct);
        log.Print("critical end to end", endToEnd);
        var (requestToProvider, _) = critical.ReceivedSince(twilio, index => sentAt[index]);
        Console.WriteLine($"    critical request → provider: p50 {requestToProvider.P50:N1} ms, p99 {requestToProvider.P99:N1} ms, p99.9 {requestToProvider.P999:N1} ms");
        await log.DescribeUndeliveredAsync(load.Client, critical, twilio, ct);

        var bulkAccepted = bulk.AcceptedCount;
        var (first, last) = critical.AcceptedWindow();
        var deliveredAtFirst = bulk.DeliveredBefore(twilio, first);
        var deliveredAtLast = bulk.DeliveredBefore(twilio, last);
        var window = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        var result = new CriticalUnderBulkResult(
            bulkAccept,
            CriticalPerSecond,
            criticalAccept,
            endToEnd,
            requestToProvider,
            first == 0 ? null : bulkAccepted - deliveredAtFirst,
            first == 0 ? null : bulkAccepted - deliveredAtLast,
            window > 0 ? (deliveredAtLast - deliveredAtFirst) / window : double.NaN,
            ct.IsCancellationRequested);
        Console.WriteLine(
            $"    bulk still queued: {result.BulkQueuedAtFirstCritical:N0} at the first critical accept, {result.BulkQueuedAtLastCritical:N0} at the last; bulk drained at {result.BulkDrainedPerSecond:N0}/s meanwhile");
        if (first != 0 && !result.BacklogHeld)
        {
            log.Note(
                $"critical while bulk drains: the bulk backlog was gone before the last critical notification ({result.BulkQueuedAtFirstCritical:N0} queued at the first); raise --bulk for a figure under a backlog throughout.");
        }

        return result;
    }
}

/// <summary>
/// Critical notifications sent behind a bulk backlog: the backlog's acceptance, the critical ones' acceptance, their
/// accept → provider latency (from the client reading the 202) and request → provider latency (from the request being
/// sent, so the accept is included), and how much bulk was still queued (accepted, not yet at the provider) when the first and
/// the last critical notification was accepted (null if none was), with the rate the bulk drained at in between. <see cref="CutShort"/>: the
/// benchmark's time limit ended the phase.
/// </summary>
public sealed record CriticalUnderBulkResult(
    PhaseResult BulkAccept,
    double CriticalPerSecond,
    PhaseResult CriticalAccept,
    EndToEndResult Critical,
    LatencySummary RequestToProvider,
    int? BulkQueuedAtFirstCritical,
    int? BulkQueuedAtLastCritical,
    double BulkDrainedPerSecond,
    bool CutShort)
{
    /// <summary>Whether bulk was still queued when the last critical notification was accepted: the figure is under a backlog throughout.</summary>
    public bool BacklogHeld => BulkQueuedAtLastCritical > 0;
}
