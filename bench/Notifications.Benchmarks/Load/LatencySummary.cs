using System.Diagnostics;

namespace Notifications.Benchmarks.Load;

/// <summary>Latency percentiles in milliseconds (nearest rank), over every sample: nothing is sampled away.</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarises <see cref="Stopwatch"/> tick durations.</summary>
    public static LatencySummary FromTicks(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            Milliseconds((long)sorted.Average()),
            Milliseconds(Rank(sorted, 0.50)),
            Milliseconds(Rank(sorted, 0.90)),
            Milliseconds(Rank(sorted, 0.99)),
            Milliseconds(Rank(sorted, 0.999)),
            Milliseconds(sorted[^1]));
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static long Rank(long[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
