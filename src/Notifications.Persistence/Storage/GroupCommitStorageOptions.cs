namespace Notifications.Persistence.Storage;

/// <summary>
/// Settings of a <see cref="GroupCommitGrainStorage"/>: how writes are grouped, and how unfinished work is found again
/// when the silo that held it died.
/// </summary>
public sealed class GroupCommitStorageOptions
{
    /// <summary>An Npgsql connection string to the product's database.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The most writes (or reads) sent to PostgreSQL in one statement.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How many batches of writes (and, separately, of reads) may be in flight at once.</summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>
    /// How long a batch waits for more writes before it goes when it is not full. Zero sends at once: under load batches
    /// fill by themselves while the previous ones are in flight, so waiting only adds latency.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long unfinished work may go without a write before a sweeper wakes its grain: longer than any single step
    /// (a provider call) takes, short enough that work of a dead silo resumes soon.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after its due time waiting work is woken by a sweeper if its own timer has not done it.</summary>
    public TimeSpan DueGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each silo looks for overdue work.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most overdue rows one sweep claims; a full sweep is followed by another at once.</summary>
    public int SweepBatchSize { get; set; } = 256;

    /// <summary>How many grains one sweep wakes at the same time.</summary>
    public int MaxConcurrentWakes { get; set; } = 32;

    /// <summary>Tells what a stored state means for recovery; states it does not describe are never swept.</summary>
    public Func<object?, StateRecoveryInfo>? Describe { get; set; }

    /// <summary>Wakes the grain of an overdue row (activating it resumes its work); null disables the sweeper.</summary>
    public Func<IGrainFactory, GrainId, Task>? Wake { get; set; }
}

/// <summary>What recovery needs to know about one stored state.</summary>
/// <param name="Status">A short status name, stored for operators.</param>
/// <param name="Finished">True once nothing more will happen: the row leaves the sweeper's index.</param>
/// <param name="DueAt">When waiting work is next to be done; null when it is not waiting.</param>
public readonly record struct StateRecoveryInfo(string? Status, bool Finished, DateTimeOffset? DueAt = null)
{
    /// <summary>A state with nothing left to do.</summary>
    public static StateRecoveryInfo Done { get; } = new(null, true);
}
