using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Notifications.Templates.Versions;

/// <summary>
/// A silo's memory of template versions. Versions never change once made, so a version is kept by (tenant, type,
/// number) and never goes stale: once it is here, rendering it needs no call and no I/O. Which version is active does
/// change; that answer is trusted for <see cref="TemplateOptions.ActiveVersionRefresh"/>, or until the silo hears of a
/// newer revision through <see cref="OnActiveChanged"/>. Concurrent askers share one load.
/// </summary>
public sealed class TemplateVersionCache(TimeProvider clock, IOptions<TemplateOptions> options)
{
    /// <summary>Versions kept at most; past it the cache starts over, which costs one load per version in use.</summary>
    public const int Capacity = 10_000;

    private readonly TimeSpan _refresh = options.Value.ActiveVersionRefresh;
    private readonly ConcurrentDictionary<VersionKey, TemplateSet> _versions = new();
    private readonly ConcurrentDictionary<TypeKey, ActiveEntry> _active = new();
    private long _versionLoads;
    private long _activeLoads;

    /// <summary>How many times a version was not here and had to be loaded.</summary>
    public long VersionLoads => Interlocked.Read(ref _versionLoads);

    /// <summary>How many times the active version had to be asked for.</summary>
    public long ActiveLoads => Interlocked.Read(ref _activeLoads);

    /// <summary>A version from memory, or loaded once by <paramref name="load"/> (null: no such version, not remembered).</summary>
    public async ValueTask<TemplateSet?> GetVersionAsync(
        string tenant, string type, int version, Func<Task<TemplateSet?>> load, CancellationToken ct)
    {
        var key = new VersionKey(tenant, type, version);
        if (_versions.TryGetValue(key, out var known))
        {
            return known;
        }

        Interlocked.Increment(ref _versionLoads);
        var loaded = await load().WaitAsync(ct);
        if (loaded is not null)
        {
            if (_versions.Count >= Capacity)
            {
                _versions.Clear();
            }

            _versions[key] = loaded;
        }

        return loaded;
    }

    /// <summary>The active version number, from memory while it is fresh, otherwise asked for with <paramref name="load"/>.</summary>
    public async ValueTask<int?> GetActiveVersionAsync(string tenant, string type, Func<Task<ActiveTemplateVersion>> load, CancellationToken ct)
    {
        var key = new TypeKey(tenant, type);
        while (true)
        {
            var now = clock.GetUtcNow();
            _active.TryGetValue(key, out var entry);
            if (entry is not null && IsUsable(entry, now))
            {
                return (await entry.Answer.Task.WaitAsync(ct)).Version;
            }

            var claim = new ActiveEntry(new TaskCompletionSource<ActiveTemplateVersion>(TaskCreationOptions.RunContinuationsAsynchronously), now);
            var claimed = entry is null ? _active.TryAdd(key, claim) : _active.TryUpdate(key, claim, entry);
            if (!claimed)
            {
                continue;
            }

            Interlocked.Increment(ref _activeLoads);
            try
            {
                // Loaded for everyone waiting on this entry, so not cancelled by this caller's token.
                var answer = await load();
                claim.Answer.TrySetResult(answer);
                return answer.Version;
            }
            catch (Exception exception)
            {
                _active.TryRemove(KeyValuePair.Create(key, claim));
                claim.Answer.TrySetException(exception);
                throw;
            }
        }
    }

    /// <summary>Told by the grain that changed it: this silo uses the new active version at once, unless it knows a newer one.</summary>
    public void OnActiveChanged(string tenant, string type, ActiveTemplateVersion active)
    {
        var answer = new TaskCompletionSource<ActiveTemplateVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
        answer.SetResult(active);
        var entry = new ActiveEntry(answer, clock.GetUtcNow());
        _active.AddOrUpdate(
            new TypeKey(tenant, type),
            entry,
            (_, existing) => existing.Answer.Task.IsCompletedSuccessfully && existing.Answer.Task.Result.Revision > active.Revision ? existing : entry);
    }

    private bool IsUsable(ActiveEntry entry, DateTimeOffset now) => entry.Answer.Task.Status switch
    {
        TaskStatus.RanToCompletion => now - entry.AskedAt < _refresh,
        TaskStatus.Faulted or TaskStatus.Canceled => false,
        _ => true, // being loaded: share that load
    };

    private readonly record struct VersionKey(string Tenant, string Type, int Version);

    private readonly record struct TypeKey(string Tenant, string Type);

    private sealed record ActiveEntry(TaskCompletionSource<ActiveTemplateVersion> Answer, DateTimeOffset AskedAt);
}
