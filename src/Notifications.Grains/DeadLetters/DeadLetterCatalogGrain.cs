using Notifications.Domain.Delivery;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.DeadLetters;

[GrainType("dead-letter-catalog")]
public sealed class DeadLetterCatalogGrain(
    [PersistentState("dead-letter-catalog", StorageNames.Notifications)] IPersistentState<DeadLetterCatalogState> stored)
    : Grain, IDeadLetterCatalogGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public async Task AddDay(DateOnly day)
    {
        if (stored.State.Days.Add(day))
        {
            await stored.WriteStateAsync();
        }
    }

    public async Task RemoveDay(DateOnly day)
    {
        if (stored.State.Days.Remove(day))
        {
            await stored.WriteStateAsync();
        }
    }

    public async Task<DeadLetterPage> List(DeadLetterQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, DeadLetterPaging.MaxLimit);
        if (!DeadLetterPaging.TryDecode(query.Cursor, out var after))
        {
            return new DeadLetterPage([], null);
        }

        // One more than the page, to know whether another page follows.
        var items = new List<DeadLetterSummary>(limit + 1);
        foreach (var day in DeadLetterPaging.DaysToVisit(stored.State.Days, query, after))
        {
            var dayGrain = GrainFactory.GetGrain<IDeadLetterDayGrain>(DeadLetterKeys.Day(Tenant, day));
            items.AddRange(await dayGrain.List(query, query.Cursor, limit + 1 - items.Count));
            if (items.Count > limit)
            {
                break;
            }
        }

        var page = items.Take(limit).ToArray();
        var next = items.Count > limit ? DeadLetterPaging.Encode(DeadLetterPaging.Position(page[^1])) : null;
        return new DeadLetterPage(page, next);
    }
}

[GenerateSerializer, Alias("notifications.dead-letter-catalog-state")]
public sealed class DeadLetterCatalogState
{
    [Id(0)] public SortedSet<DateOnly> Days { get; set; } = [];
}
