using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Notifications.Persistence.Storage;

/// <summary>
/// Grain storage in the <c>notification_state</c> table that commits in groups: writes (and reads) that many grains make
/// at the same moment go to PostgreSQL as one multi-row statement, so one round trip and one commit serve them all.
/// Every caller still awaits its own row's outcome, and a write based on a stale version fails with
/// <see cref="InconsistentStateException"/> as with any Orleans storage.
/// </summary>
/// <remarks>
/// Each row also records what recovery needs (<see cref="GroupCommitStorageOptions.Describe"/>): unfinished rows carry
/// the time by which something should have happened to them, which <see cref="Recovery.OverdueStateSweeper"/> watches.
/// On a graceful stop the rows of work this silo was doing are made due at once, so other silos resume them.
/// </remarks>
public sealed partial class GroupCommitGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const string PostgresDeadlock = "40P01";
    private const string PostgresSerializationFailure = "40001";

    private readonly string name;
    private readonly GroupCommitStorageOptions options;
    private readonly IGrainStorageSerializer serializer;
    private readonly IActivatorProvider activators;
    private readonly ILogger<GroupCommitGrainStorage> logger;
    private readonly NpgsqlDataSource dataSource;
    private readonly NotificationStateTable table;
    private readonly BatchQueue<PendingRead> reads;
    private readonly BatchQueue<PendingWrite> writes;

    // Unfinished, not waiting work this silo wrote or read last: what it hands over when it stops gracefully.
    private readonly ConcurrentDictionary<StateKey, byte> workInHand = new();
    private long batches;
    private long rowsWritten;
    private int stopped;
    private int disposed;

    public GroupCommitGrainStorage(
        string name,
        GroupCommitStorageOptions options,
        SystemTextJsonGrainStorageSerializer serializer,
        IActivatorProvider activators,
        IOptions<ClusterOptions> cluster,
        ILogger<GroupCommitGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        this.name = name;
        this.options = options;
        this.serializer = serializer;
        this.activators = activators;
        this.logger = logger;

        var source = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (source.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The batch statements are long and always the same: parse and plan them once per connection.
            source.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        dataSource = source.Build();
        table = new NotificationStateTable(dataSource, cluster.Value.ServiceId);
        reads = new BatchQueue<PendingRead>(ReadBatchAsync, options.MaxBatchSize, options.MaxConcurrentBatches, TimeSpan.Zero);
        writes = new BatchQueue<PendingWrite>(WriteBatchAsync, options.MaxBatchSize, options.MaxConcurrentBatches, options.MaxBatchDelay);
    }

    /// <summary>Batches sent and rows written since start: batches well below rows means writes were grouped.</summary>
    public (long Batches, long Rows) WriteStatistics => (Interlocked.Read(ref batches), Interlocked.Read(ref rowsWritten));

    internal GroupCommitStorageOptions Options => options;

    internal NotificationStateTable Table => table;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = new StateKey(grainId.ToString(), stateName);
        var read = new PendingRead(key);
        reads.Enqueue(read);
        var stored = await read.Outcome.Task;
        if (stored is null)
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Payload));
        grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        Track(key, Describe(grainState.State));
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = new StateKey(grainId.ToString(), stateName);
        var recovery = Describe(grainState.State);
        var write = new PendingWrite(new StateWrite(key, ExpectedVersion(grainState.ETag, key), serializer.Serialize(grainState.State).ToArray(), recovery));
        writes.Enqueue(write);
        var version = await write.Outcome.Task;
        if (version is not { } newVersion)
        {
            throw new InconsistentStateException(
                $"Storage '{name}': the state '{stateName}' of {grainId} was changed by another activation since version {grainState.ETag ?? "(none)"} was read.",
                storedEtag: null,
                currentEtag: grainState.ETag,
                storageException: null);
        }

        grainState.ETag = newVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        Track(key, recovery);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = new StateKey(grainId.ToString(), stateName);
        if (ExpectedVersion(grainState.ETag, key) is { } version && !await table.DeleteAsync(key, version, CancellationToken.None))
        {
            throw new InconsistentStateException(
                $"Storage '{name}': the state '{stateName}' of {grainId} was changed by another activation since version {grainState.ETag} was read.",
                storedEtag: null,
                currentEtag: grainState.ETag,
                storageException: null);
        }

        workInHand.TryRemove(key, out _);
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(GroupCommitGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, _ => Task.CompletedTask, StopAsync);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await StopQueuesAsync(drain: false);
            await dataSource.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs after the silo deactivated its grains: writes still queued are finished, then the work this silo had in
    /// hand is made due, so the sweepers of the remaining silos resume it within one sweep instead of one lease.
    /// </summary>
    private async Task StopAsync(CancellationToken ct)
    {
        var graceful = !ct.IsCancellationRequested;
        await StopQueuesAsync(drain: graceful);
        LogStopping(name, graceful, workInHand.Count);
        if (!graceful || workInHand.IsEmpty)
        {
            return;
        }

        try
        {
            var keys = workInHand.Keys.ToArray();
            var handedOver = await table.HandOverAsync(keys, ct);
            LogHandedOver(handedOver, name);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
        {
            // The rows still carry their lease: other silos resume them when it runs out.
            LogHandOverFailed(exception, name);
        }
    }

    private async Task StopQueuesAsync(bool drain)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 0)
        {
            await Task.WhenAll(writes.StopAsync(drain), reads.StopAsync(drain));
        }
    }

    private StateRecoveryInfo Describe(object? state) => options.Describe?.Invoke(state) ?? StateRecoveryInfo.Done;

    private void Track(StateKey key, StateRecoveryInfo recovery)
    {
        if (recovery is { Finished: false, DueAt: null })
        {
            workInHand[key] = 0;
        }
        else
        {
            workInHand.TryRemove(key, out _);
        }
    }

    private static int? ExpectedVersion(string? etag, StateKey key) =>
        etag is null ? null
        : int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : throw new InconsistentStateException($"The ETag '{etag}' of {key.GrainId} '{key.StateName}' is not a version this storage wrote.");

    private async Task ReadBatchAsync(IReadOnlyList<PendingRead> batch, CancellationToken ct)
    {
        var found = await table.ReadAsync([.. batch.Select(read => read.Key).Distinct()], ct);
        foreach (var read in batch)
        {
            read.Outcome.TrySetResult(found.GetValueOrDefault(read.Key));
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<PendingWrite> batch, CancellationToken ct)
    {
        // A consistent order of row locks keeps two concurrent batches from deadlocking on each other's rows.
        var ordered = batch.OrderBy(write => write.Write.Key.GrainId, StringComparer.Ordinal).ThenBy(write => write.Write.Key.StateName, StringComparer.Ordinal).ToList();
        var rows = ordered.ConvertAll(write => write.Write);
        Dictionary<StateKey, int> written;
        try
        {
            written = await table.WriteAsync(rows, options.Lease, options.DueGrace, ct);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresDeadlock or PostgresSerializationFailure)
        {
            // Rolled back as a whole, so running it again is safe.
            written = await table.WriteAsync(rows, options.Lease, options.DueGrace, ct);
        }

        Interlocked.Increment(ref batches);
        Interlocked.Add(ref rowsWritten, written.Count);
        foreach (var write in ordered)
        {
            write.Outcome.TrySetResult(written.TryGetValue(write.Write.Key, out var version) ? version : null);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage '{Storage}' stopping (graceful: {Graceful}) with {Count} unfinished state(s) in hand")]
    private partial void LogStopping(string storage, bool graceful, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed over {Count} unfinished state(s) of storage '{Storage}' to the other silos")]
    private partial void LogHandedOver(int count, string storage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand over the unfinished states of storage '{Storage}'; other silos resume them when their lease ends")]
    private partial void LogHandOverFailed(Exception exception, string storage);

    private sealed class PendingRead(StateKey key) : IBatchItem
    {
        public StateKey Key { get; } = key;

        public TaskCompletionSource<StoredState?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        object IBatchItem.Key => Key;

        public void Fail(Exception error) => Outcome.TrySetException(error);
    }

    private sealed class PendingWrite(StateWrite write) : IBatchItem
    {
        public StateWrite Write { get; } = write;

        /// <summary>The new version, or null when a newer version was stored first.</summary>
        public TaskCompletionSource<int?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        object IBatchItem.Key => Write.Key;

        public void Fail(Exception error) => Outcome.TrySetException(error);
    }
}
