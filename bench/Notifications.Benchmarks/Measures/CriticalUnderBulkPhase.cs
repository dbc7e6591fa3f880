using System.Diagnostics;
using System.Net;
using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// Critical notifications at a modest steady rate while a backlog of bulk ones drains to the same provider: what the
/// priority lanes promise. The bulk SMS are accepted first, as fast as they are answered; the critical SMS follow at
/// once, paced. The figures count only the critical notifications accepted while bulk was still queued (accepted, not
/// yet at the provider), so a backlog that had drained cannot pass for one that had not; how much was queued when the
/// first and the last critical one was accepted, and the rate the bulk drained at meanwhile, are part of the result.
/// The phase ends when the critical ones have arrived: it is the last of a run, and the bulk left is not waited for.
/// </summary>
public sealed class CriticalUnderBulkPhase(HttpLoad load, FakeTwilio twilio, RunLog log, BenchmarkOptions options)
{
    public const double CriticalPerSecond = 20;

    public static readonly TimeSpan CriticalDuration = TimeSpan.FromSeconds(10);

    public static int CriticalCount => (int)(CriticalPerSecond * CriticalDuration.TotalSeconds);

    /// <summary>
    /// More bulk queued than this is a backlog: far more than the bulk lanes have in flight at a time (4 per provider
    /// and silo by default), so some of it is waiting.
    /// </summary>
    public const int BacklogThreshold = 64;

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

        var count = CriticalCount;
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
        await log.DescribeUndeliveredAsync(load.Client, critical, twilio, ct);

        // Bulk still queued at an instant: accepted, and not yet received by the provider by then.
        var bulkAccepted = bulk.AcceptedCount;
        var bulkArrivals = bulk.ArrivalTimes(twilio);
        int QueuedAt(long timestamp) => bulkAccepted - ArrivedBefore(bulkArrivals, timestamp);
        long AcceptedAt(int index) => critical.TryGetAcceptedAt(index, out var at) ? at : 0;
        bool Behind(int index) => critical.TryGetAcceptedAt(index, out var at) && QueuedAt(at) > BacklogThreshold;

        var (first, last) = critical.AcceptedWindow();
        var window = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        var behind = new CriticalBehindBacklog(
            Enumerable.Range(0, count).Count(Behind),
            critical.ReceivedSince(twilio, AcceptedAt, Behind).Latency,
            critical.ReceivedSince(twilio, index => sentAt[index], Behind).Latency);
        var result = new CriticalUnderBulkResult(
            bulkAccept,
            CriticalPerSecond,
            criticalAccept,
            endToEnd,
            behind,
            first == 0 ? null : QueuedAt(first),
            first == 0 ? null : QueuedAt(last),
            window > 0 ? (ArrivedBefore(bulkArrivals, last) - ArrivedBefore(bulkArrivals, first)) / window : double.NaN,
            ct.IsCancellationRequested);
        Console.WriteLine(
            $"    bulk still queued: {result.BulkQueuedAtFirstCritical:N0} at the first critical accept, {result.BulkQueuedAtLastCritical:N0} at the last; bulk drained at {result.BulkDrainedPerSecond:N0}/s meanwhile");
        Console.WriteLine(
            $"    {behind.Count:N0} critical accepted behind a backlog: accept → provider p50 {behind.AcceptToProvider.P50:N1} ms, p99 {behind.AcceptToProvider.P99:N1} ms, p99.9 {behind.AcceptToProvider.P999:N1} ms; request → provider p99 {behind.RequestToProvider.P99:N1} ms");
        if (first != 0 && !result.EnoughBehindBacklog)
        {
            log.Note(
                $"critical while bulk drains: only {behind.Count:N0} of {critical.AcceptedCount:N0} critical notifications were accepted while more than {BacklogThreshold} bulk were still queued ({result.BulkQueuedAtFirstCritical:N0} queued at the first); raise --bulk.");
        }

        return result;
    }

    /// <summary>How many of the sorted <paramref name="arrivals"/> are before <paramref name="timestamp"/>.</summary>
    private static int ArrivedBefore(long[] arrivals, long timestamp)
    {
        var position = Array.BinarySearch(arrivals, timestamp);
        if (position < 0)
        {
            return ~position;
        }

        // Equal timestamps: count only those strictly before.
        while (position > 0 && arrivals[position - 1] == timestamp)
        {
            position--;
        }

        return position;
    }
}

/// <summary>
/// Critical notifications sent behind a bulk backlog: the backlog's acceptance, the critical ones' acceptance and
/// delivery (all of them), the figures of those accepted while bulk was still queued (accepted, not yet at the
/// provider), how much was queued when the first and the last critical notification was accepted (null if none was),
/// and the rate the bulk drained at in between. <see cref="CutShort"/>: the benchmark's time limit ended the phase.
/// </summary>
public sealed record CriticalUnderBulkResult(
    PhaseResult BulkAccept,
    double CriticalPerSecond,
    PhaseResult CriticalAccept,
    EndToEndResult Critical,
    CriticalBehindBacklog BehindBacklog,
    int? BulkQueuedAtFirstCritical,
    int? BulkQueuedAtLastCritical,
    double BulkDrainedPerSecond,
    bool CutShort)
{
    /// <summary>Fewer samples than this make a p99 that is only the largest of a handful.</summary>
    public const int MinimumBehindBacklog = 100;

    /// <summary>Whether enough critical notifications went out while bulk was queued for their p99 to mean something.</summary>
    public bool EnoughBehindBacklog => BehindBacklog.Count >= MinimumBehindBacklog;
}

/// <summary>
/// The critical notifications accepted while bulk was still queued: how many, their accept → provider latency (from
/// the client reading the 202), and request → provider (from the request being sent, the accept included).
/// </summary>
public sealed record CriticalBehindBacklog(int Count, LatencySummary AcceptToProvider, LatencySummary RequestToProvider);
