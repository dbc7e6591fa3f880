using Notifications.Benchmarks.Load;

namespace Notifications.Benchmarks.Measures;

/// <summary>Everything one run measured, against one freshly started target.</summary>
/// <param name="Number">The run's number, from 1.</param>
/// <param name="Seconds">How long the run took, warm-up included.</param>
/// <param name="Yardstick">The trivial endpoint at the same concurrency.</param>
/// <param name="Memory">Resident memory per active user grain.</param>
/// <param name="Accept">SMS notifications at full speed: accepted per second and accept latency.</param>
/// <param name="EndToEnd">Those notifications reaching the fake HTTP provider.</param>
/// <param name="Paced">SMS notifications at half the delivered rate.</param>
/// <param name="Email">Email notifications at full speed, to the SMTP sink.</param>
/// <param name="Renders">Template previews (render only) at full speed.</param>
/// <param name="Scheduled">Notifications all due at the same instant, and how late they reached the provider.</param>
/// <param name="Critical">Critical notifications sent while a bulk backlog drains.</param>
/// <param name="Notes">What went wrong or was cut short.</param>
public sealed record RunResult(
    int Number,
    double Seconds,
    PhaseResult Yardstick,
    MemoryResult Memory,
    PhaseResult Accept,
    EndToEndResult EndToEnd,
    PacedResult? Paced,
    ChannelResult? Email,
    PhaseResult? Renders,
    ScheduledResult? Scheduled,
    CriticalUnderBulkResult? Critical,
    IReadOnlyList<string> Notes);

/// <summary>
/// Resident memory of the processes hosting silos before activating <see cref="Users"/> user grains (one
/// <c>PUT /api/v1/users/{id}</c> each), halfway and after: the growth per grain over all of them, and over the second half.
/// </summary>
public sealed record MemoryResult(
    int Users,
    long ResidentBytesBefore,
    long ResidentBytesHalfway,
    long ResidentBytesAfter,
    long PeakResidentBytesAfter,
    double BytesPerUserGrain,
    double MarginalBytesPerUserGrain,
    PhaseResult Upserts);

/// <summary>Notifications sent at a fixed rate (half the delivered rate the run reached), and their accept → provider latency.</summary>
public sealed record PacedResult(double TargetPerSecond, PhaseResult Accept, EndToEndResult EndToEnd);

/// <summary>Notifications on one channel at full speed, and their delivery.</summary>
public sealed record ChannelResult(string Channel, PhaseResult Accept, EndToEndResult EndToEnd);
