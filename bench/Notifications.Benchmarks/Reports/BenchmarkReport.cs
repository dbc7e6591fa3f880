using Notifications.Benchmarks.Measures;

namespace Notifications.Benchmarks.Reports;

/// <summary>A whole benchmark: where and what was measured, the medians, the targets, and every run in full.</summary>
public sealed record BenchmarkReport(
    string Hosting,
    DateTimeOffset StartedAt,
    double Seconds,
    string Commit,
    MachineInfo Machine,
    double[] LoadAverageAtEnd,
    BenchmarkSettings Settings,
    string Target,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<string> NotYetMeasurable,
    IReadOnlyList<string> Notes,
    IReadOnlyList<RunResult> Runs)
{
    public Figure? this[string key] => Figures.FirstOrDefault(figure => figure.Key == key);
}

/// <summary>The options a report was measured with.</summary>
public sealed record BenchmarkSettings(
    int Notifications,
    int Concurrency,
    int Users,
    int RunsRequested,
    string DurationLimit,
    string PacedDuration,
    int Renders,
    int Scheduled,
    int Bulk,
    double CriticalPerSecond,
    string CriticalDuration,
    string Provider);

/// <summary>One figure: its value in each run and their median, which is what the report quotes.</summary>
public sealed record Figure(string Key, string Name, string Unit, IReadOnlyList<double> Runs, double Median)
{
    public static Figure Of(string key, string name, string unit, IEnumerable<double> values)
    {
        var runs = values.Select(value => Math.Round(value, 3)).ToArray();
        return new Figure(key, name, unit, runs, MedianOf(runs));
    }

    private static double MedianOf(double[] values)
    {
        var sorted = values.Where(value => !double.IsNaN(value)).Order().ToArray();
        return sorted.Length == 0
            ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>A target of issue 8 and whether the medians meet it.</summary>
public sealed record TargetCheck(string Measure, string Target, string Measured, TargetVerdict Verdict);

public enum TargetVerdict
{
    Met,
    Missed,

    /// <summary>Measured, but not under the conditions the target is about (a bulk backlog that had drained).</summary>
    Inconclusive,

    /// <summary>No figure: the phase was cut short by the time limit, or failed.</summary>
    NotMeasured,
}
