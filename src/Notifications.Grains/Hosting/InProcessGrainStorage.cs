using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Notifications.Grains.Hosting;

/// <summary>
/// The embedded hosting's grain storage: each record kept in this process as a copy in Orleans' binary format, so a
/// grain that changes its state in place never changes what is stored until it writes, and a reload gives back the
/// last write. It replaces Orleans' memory storage, which routes every read and write through a storage grain call
/// and stores JSON with type names: most of the cost of an accepted notification, and of an idle user grain's memory.
/// A write based on a stale version fails with <see cref="InconsistentStateException"/>, as with any Orleans storage.
/// Nothing survives the process, as before.
/// </summary>
public sealed class InProcessGrainStorage(string name, Serializer serializer, IActivatorProvider activators) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), StoredRecord> records = new();
    private long lastVersion;

    /// <summary>Records held, for tests and diagnostics.</summary>
    public int Count => records.Count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (records.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Payload);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var written = new StoredRecord(serializer.SerializeToArray(grainState.State), NextETag());
        var replaced = records.TryGetValue(key, out var stored)
            ? stored.ETag == grainState.ETag && records.TryUpdate(key, written, stored)
            : grainState.ETag is null && records.TryAdd(key, written);
        if (!replaced)
        {
            throw Conflict(stateName, grainId, grainState.ETag);
        }

        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (records.TryGetValue(key, out var stored)
            && (stored.ETag != grainState.ETag || !records.TryRemove(KeyValuePair.Create(key, stored))))
        {
            throw Conflict(stateName, grainId, grainState.ETag);
        }

        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string NextETag() => Interlocked.Increment(ref lastVersion).ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? etag) => new(
        $"Storage '{name}': the state '{stateName}' of {grainId} was changed by another activation since version {etag ?? "(none)"} was read.",
        storedEtag: null,
        currentEtag: etag,
        storageException: null);

    /// <summary>A reference type on purpose: replacing a record compares by reference, so a concurrent write is seen.</summary>
    private sealed class StoredRecord(byte[] payload, string etag)
    {
        public byte[] Payload { get; } = payload;

        public string ETag { get; } = etag;
    }
}
