using System.Diagnostics;
using Notifications.Benchmarks.Load;
using Notifications.Benchmarks.Providers;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// Remembers when each notification of a phase was accepted (the client read its 202) and joins that with when the
/// provider received it, for accept → provider latency and the delivered rate.
/// </summary>
public sealed class DeliveryTracker(int count)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(30);

    private readonly string?[] ids = new string?[count];
    private readonly long[] acceptedAt = new long[count];

    public void Accepted(int index, HttpResponseMessage response, long answeredAt)
    {
        // The id is the last segment of Location: /api/v1/notifications/{id}.
        var location = response.Headers.Location?.OriginalString;
        ids[index] = location?[(location.LastIndexOf('/') + 1)..];
        acceptedAt[index] = answeredAt;
    }

    /// <summary>How many notifications were accepted.</summary>
    public int AcceptedCount => ids.Count(id => id is not null);

    /// <summary>When the first and the last notification were accepted (<see cref="Stopwatch"/> timestamps); zeros if none was.</summary>
    public (long First, long Last) AcceptedWindow()
    {
        var times = acceptedAt.Where((_, index) => ids[index] is not null).ToArray();
        return times.Length == 0 ? (0, 0) : (times.Min(), times.Max());
    }

    /// <summary>How many were accepted after <paramref name="timestamp"/>.</summary>
    public int AcceptedAfter(long timestamp) => acceptedAt.Where((at, index) => ids[index] is not null && at > timestamp).Count();

    /// <summary>When notification <paramref name="index"/> was accepted (the client read its 202), if it was.</summary>
    public bool TryGetAcceptedAt(int index, out long timestamp)
    {
        timestamp = acceptedAt[index];
        return ids[index] is not null;
    }

    /// <summary>When the provider received each accepted notification that arrived, earliest first.</summary>
    public long[] ArrivalTimes(IProviderSink sink)
    {
        var arrivals = new List<long>(count);
        foreach (var id in ids)
        {
            if (id is not null && sink.TryGetReceivedAt(id, out var receivedAt))
            {
                arrivals.Add(receivedAt);
            }
        }

        arrivals.Sort();
        return [.. arrivals];
    }

    /// <summary>
    /// Provider-received time minus <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp for each index) for
    /// every delivered notification that <paramref name="include"/> takes (all when null). One that arrived before that
    /// moment counts as 0 and is counted apart.
    /// </summary>
    public (LatencySummary Latency, int Early) ReceivedSince(IProviderSink sink, Func<int, long> since, Func<int, bool>? include = null)
    {
        var latencies = new List<long>(count);
        var early = 0;
        for (var index = 0; index < count; index++)
        {
            if (ids[index] is { } id && (include?.Invoke(index) ?? true) && sink.TryGetReceivedAt(id, out var receivedAt))
            {
                var latency = receivedAt - since(index);
                early += latency < 0 ? 1 : 0;
                latencies.Add(Math.Max(latency, 0));
            }
        }

        return (LatencySummary.FromTicks(latencies), early);
    }

    /// <summary>Up to <paramref name="max"/> accepted notifications the provider has not received.</summary>
    public IReadOnlyList<string> Undelivered(IProviderSink sink, int max) =>
        [.. ids.OfType<string>().Where(id => !sink.TryGetReceivedAt(id, out _)).Take(max)];

    /// <summary>
    /// Waits until every accepted notification reached the provider, the time is up, or nothing arrived for
    /// <see cref="StallLimit"/>; the rate is delivered notifications over the time from <paramref name="phaseStart"/>
    /// to the last delivery.
    /// </summary>
    public async Task<EndToEndResult> WaitForDeliveriesAsync(IProviderSink sink, long phaseStart, TimeSpan timeout, string label, CancellationToken ct)
    {
        var pending = Enumerable.Range(0, count).Where(index => ids[index] is not null).ToList();
        var accepted = pending.Count;
        var waiting = Stopwatch.StartNew();
        var lastProgress = Stopwatch.StartNew();
        var delivered = 0;
        await using (ProgressLine.Show(() => $"{label}: delivered {Volatile.Read(ref delivered):N0}/{accepted:N0}"))
        {
            while (pending.Count > 0 && waiting.Elapsed < timeout && lastProgress.Elapsed < StallLimit && !ct.IsCancellationRequested)
            {
                var before = pending.Count;
                pending.RemoveAll(index => sink.TryGetReceivedAt(ids[index]!, out _));
                Volatile.Write(ref delivered, accepted - pending.Count);
                if (pending.Count < before)
                {
                    lastProgress.Restart();
                }

                if (pending.Count > 0)
                {
                    try
                    {
                        await Task.Delay(Poll, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }

        var latencies = new List<long>(accepted);
        long lastDelivery = 0;
        var early = 0;
        for (var index = 0; index < count; index++)
        {
            if (ids[index] is { } id && sink.TryGetReceivedAt(id, out var receivedAt))
            {
                lastDelivery = Math.Max(lastDelivery, receivedAt);
                var latency = receivedAt - acceptedAt[index];

                // Delivery starts as the 202 leaves the server: the message can beat the client's reading of the answer.
                early += latency < 0 ? 1 : 0;
                latencies.Add(Math.Max(latency, 0));
            }
        }

        var seconds = lastDelivery == 0 ? 0 : Stopwatch.GetElapsedTime(phaseStart, lastDelivery).TotalSeconds;
        return new EndToEndResult(
            accepted,
            latencies.Count,
            Math.Round(seconds, 3),
            seconds > 0 ? latencies.Count / seconds : 0,
            LatencySummary.FromTicks(latencies),
            early,
            pending.Count == 0 ? null : waiting.Elapsed >= timeout || ct.IsCancellationRequested ? "time limit" : "stalled");
    }
}

/// <summary>
/// Accept → provider: how many accepted notifications arrived, the delivered rate, and the latency from the client
/// reading the 202 to the provider receiving the message.
/// </summary>
public sealed record EndToEndResult(
    int Accepted,
    int Delivered,
    double Seconds,
    double DeliveredPerSecond,
    LatencySummary AcceptToProvider,
    int ArrivedBeforeAcceptRead,
    string? Incomplete);
