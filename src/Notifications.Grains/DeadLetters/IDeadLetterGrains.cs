namespace Notifications.Grains.DeadLetters;

/// <summary>
/// A tenant's dead letters of one day (UTC), keyed <c>{tenant}/{yyyy-MM-dd}</c>: the index of the listing. The
/// notification grains hold the full story; this holds one summary per dead letter, so listing never touches them.
/// </summary>
[Alias("notifications.IDeadLetterDayGrain")]
public interface IDeadLetterDayGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces the summary of a dead letter.</summary>
    Task Add(DeadLetterSummary entry);

    /// <summary>Removes a dead letter (replayed or discarded); nothing happens if it is not listed.</summary>
    Task Remove(string notificationId);

    /// <summary>Up to <paramref name="limit"/> entries matching <paramref name="query"/> after <paramref name="cursor"/>, newest first.</summary>
    Task<IReadOnlyList<DeadLetterSummary>> List(DeadLetterQuery query, string? cursor, int limit);
}

/// <summary>
/// A tenant's days that have dead letters, keyed by the tenant: touched when a day gets its first dead letter or
/// loses its last one, and when an admin lists them, never by the delivery of a notification that succeeds.
/// </summary>
[Alias("notifications.IDeadLetterCatalogGrain")]
public interface IDeadLetterCatalogGrain : IGrainWithStringKey
{
    Task AddDay(DateOnly day);

    Task RemoveDay(DateOnly day);

    /// <summary>A page of the tenant's dead letters, newest first, walking the days from the newest down.</summary>
    Task<DeadLetterPage> List(DeadLetterQuery query);
}

/// <summary>Grain keys of the dead-letter index.</summary>
public static class DeadLetterKeys
{
    public static string Day(string tenant, DateOnly day) =>
        GrainKeys.Compose(tenant, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    public static IDeadLetterDayGrain DayGrain(this IGrainFactory grains, string tenant, DateTimeOffset at) =>
        grains.GetGrain<IDeadLetterDayGrain>(Day(tenant, Domain.Delivery.DeadLetterPaging.DayOf(at)));
}
