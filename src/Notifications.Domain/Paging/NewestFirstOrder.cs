namespace Notifications.Domain.Paging;

/// <summary>
/// Keeps bounded per-user lists (history, inbox) newest first and pages them with opaque cursors. A cursor is the
/// position of the last item of a page, so paging stays stable while newer items arrive at the top.
/// </summary>
public sealed class NewestFirstOrder<T>(Func<T, ListPosition> positionOf)
{
    /// <summary>Inserts <paramref name="item"/> at its place in <paramref name="items"/>, which is already newest first.</summary>
    public void Insert(List<T> items, T item)
    {
        var position = positionOf(item);
        var index = items.FindIndex(existing => Compare(position, positionOf(existing)) < 0);
        items.Insert(index < 0 ? items.Count : index, item);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> items of <paramref name="items"/> (newest first) after <paramref name="cursor"/>,
    /// and the cursor of the next page, null on the last one.
    /// </summary>
    public (IReadOnlyList<T> Items, string? NextCursor) Page(IEnumerable<T> items, int limit, string? cursor)
    {
        var remaining = ListCursor.TryDecode(cursor, out var after)
            ? items.SkipWhile(item => Compare(positionOf(item), after) <= 0)
            : items;
        var page = remaining.Take(limit + 1).ToList();
        if (page.Count <= limit)
        {
            return (page, null);
        }

        page.RemoveAt(limit);
        return (page, ListCursor.Encode(positionOf(page[^1])));
    }

    /// <summary>Newest first; ties broken by id so the order is total and cursors are stable.</summary>
    private static int Compare(ListPosition left, ListPosition right)
    {
        var byTime = right.CreatedAt.CompareTo(left.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(right.Id, left.Id);
    }
}
