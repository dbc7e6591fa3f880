using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Notifications.Domain.History;

/// <summary>
/// A user's recent notifications, newest first, bounded so the user's state stays small: the full attempt log
/// belongs in the delivery log, not in a grain.
/// </summary>
public static class NotificationHistory
{
    public const int DefaultCapacity = 200;

    /// <summary>Adds or replaces <paramref name="entry"/>, keeps newest first, and drops the oldest beyond capacity.</summary>
    public static void Record(List<HistoryEntry> entries, HistoryEntry entry, int capacity = DefaultCapacity)
    {
        entries.RemoveAll(existing => existing.NotificationId == entry.NotificationId);
        var index = entries.FindIndex(existing => Compare(entry, existing) < 0);
        entries.Insert(index < 0 ? entries.Count : index, entry);
        if (entries.Count > capacity)
        {
            entries.RemoveRange(capacity, entries.Count - capacity);
        }
    }

    /// <summary>One page after <paramref name="cursor"/> (an opaque token from a previous page), newest first.</summary>
    public static HistoryPage Page(IReadOnlyList<HistoryEntry> entries, int limit, string? cursor)
    {
        var start = 0;
        if (TryDecode(cursor, out var after))
        {
            while (start < entries.Count && Compare(entries[start], after) <= 0)
            {
                start++;
            }
        }

        var items = entries.Skip(start).Take(limit).ToArray();
        var more = start + items.Length < entries.Count;
        return new HistoryPage(items, more && items.Length > 0 ? Encode(items[^1]) : null);
    }

    /// <summary>Newest first; ties broken by id so the order is total and cursors are stable.</summary>
    private static int Compare(HistoryEntry left, HistoryEntry right)
    {
        var byTime = right.CreatedAt.CompareTo(left.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(right.NotificationId, left.NotificationId);
    }

    private static string Encode(HistoryEntry entry) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{entry.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{entry.NotificationId}"));

    private static bool TryDecode(string? cursor, out HistoryEntry position)
    {
        position = null!;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 400)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            if (separator <= 0 || !long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            position = new HistoryEntry(text[(separator + 1)..], string.Empty, default, null, at, at);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool IsValidCursor(string? cursor) => cursor is null || TryDecode(cursor, out _);
}
