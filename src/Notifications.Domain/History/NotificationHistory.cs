using Notifications.Domain.Paging;

namespace Notifications.Domain.History;

/// <summary>
/// A user's recent notifications, newest first, bounded so the user's state stays small: the full attempt log
/// belongs in the delivery log, not in a grain.
/// </summary>
public static class NotificationHistory
{
    public const int DefaultCapacity = 200;

    private static readonly NewestFirstOrder<HistoryEntry> Order = new(entry => new(entry.CreatedAt, entry.NotificationId));

    /// <summary>Adds or replaces <paramref name="entry"/>, keeps newest first, and drops the oldest beyond capacity.</summary>
    public static void Record(List<HistoryEntry> entries, HistoryEntry entry, int capacity = DefaultCapacity)
    {
        entries.RemoveAll(existing => existing.NotificationId == entry.NotificationId);
        Order.Insert(entries, entry);
        if (entries.Count > capacity)
        {
            entries.RemoveRange(capacity, entries.Count - capacity);
        }
    }

    /// <summary>One page after <paramref name="cursor"/> (an opaque token from a previous page), newest first.</summary>
    public static HistoryPage Page(IReadOnlyList<HistoryEntry> entries, int limit, string? cursor)
    {
        var (items, next) = Order.Page(entries, limit, cursor);
        return new HistoryPage(items, next);
    }

    public static bool IsValidCursor(string? cursor) => ListCursor.IsValid(cursor);
}
