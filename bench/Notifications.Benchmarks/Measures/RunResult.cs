using Notifications.Benchmarks.Load;

namespace Notifications.Benchmarks.Measures;

/// <summary>Everything one run measured, against one freshly started target.</summary>
public sealed record RunResult(
    int Number,
    double Seconds,
    PhaseResult Yardstick,
    MemoryResult Memory,
    PhaseResult Accept,
    EndToEndResult EndToEnd,
    PacedResult? Paced,
    IReadOnlyList<string> Notes);

/// <summary>
/// Resident memory of the processes hosting silos before and after activating <see cref="Users"/> user grains (one
/// <c>PUT /api/v1/users/{id}</c> each), and the difference per grain.
/// </summary>
public sealed record MemoryResult(
    int Users,
    long ResidentBytesBefore,
    long ResidentBytesAfter,
    long PeakResidentBytesAfter,
    double BytesPerUserGrain,
    PhaseResult Upserts);

/// <summary>Notifications sent at a fixed rate (half the delivered rate the run reached), and their accept → provider latency.</summary>
public sealed record PacedResult(double TargetPerSecond, PhaseResult Accept, EndToEndResult EndToEnd);
