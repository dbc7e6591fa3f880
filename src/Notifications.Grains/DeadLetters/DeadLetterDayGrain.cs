using System.Globalization;
using Notifications.Domain.Delivery;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.DeadLetters;

[GrainType("dead-letter-day")]
public sealed class DeadLetterDayGrain(
    [PersistentState("dead-letter-day", StorageNames.Notifications)] IPersistentState<DeadLetterDayState> stored)
    : Grain, IDeadLetterDayGrain
{
    private (string Tenant, DateOnly Day) Key
    {
        get
        {
            var (tenant, day) = GrainKeys.Split(this.GetPrimaryKeyString());
            return (tenant, DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    public async Task Add(DeadLetterSummary entry)
    {
        var wasEmpty = stored.State.Entries.Count == 0;
        stored.State.Entries.RemoveAll(existing => existing.NotificationId == entry.NotificationId);
        stored.State.Entries.Add(entry);
        await stored.WriteStateAsync();
        if (wasEmpty)
        {
            await Catalog().AddDay(Key.Day);
        }
    }

    public async Task Remove(string notificationId)
    {
        if (stored.State.Entries.RemoveAll(existing => existing.NotificationId == notificationId) == 0)
        {
            return;
        }

        if (stored.State.Entries.Count > 0)
        {
            await stored.WriteStateAsync();
            return;
        }

        await stored.ClearStateAsync();
        await Catalog().RemoveDay(Key.Day);
    }

    public Task<IReadOnlyList<DeadLetterSummary>> List(DeadLetterQuery query, string? cursor, int limit) =>
        Task.FromResult(DeadLetterPaging.TryDecode(cursor, out var after)
            ? DeadLetterPaging.Select(stored.State.Entries, query, after, Math.Clamp(limit, 1, DeadLetterPaging.MaxLimit + 1))
            : (IReadOnlyList<DeadLetterSummary>)[]);

    private IDeadLetterCatalogGrain Catalog() => GrainFactory.GetGrain<IDeadLetterCatalogGrain>(Key.Tenant);
}

[GenerateSerializer, Alias("notifications.dead-letter-day-state")]
public sealed class DeadLetterDayState
{
    [Id(0)] public List<DeadLetterSummary> Entries { get; set; } = [];
}
