namespace Notifications.Benchmarks.Load;

/// <summary>
/// One load phase: how many requests were answered as expected, at what rate, with what latency. A phase cut short by
/// the time limit says so, and its rate counts only what completed.
/// </summary>
public sealed record PhaseResult(
    string Name,
    int Requested,
    int Succeeded,
    int Failed,
    double Seconds,
    double PerSecond,
    LatencySummary Latency,
    string? FirstError,
    bool CutShort);
