using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Notifications.Domain.Delivery;

/// <summary>
/// Filtering and cursor paging of dead letters, newest first. The index is split by tenant and day, so a listing walks
/// the days from the newest down and takes from each what the page still needs.
/// </summary>
public static class DeadLetterPaging
{
    public const int MaxLimit = 200;

    /// <summary>The day (UTC) a dead letter is indexed under.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public static bool Matches(DeadLetterSummary entry, DeadLetterQuery query) =>
        (query.Type is null || entry.Type == query.Type)
        && (query.Channel is not { } channel || entry.Channels.Contains(channel))
        && (query.From is not { } from || entry.DeadLetteredAt >= from)
        && (query.To is not { } to || entry.DeadLetteredAt < to);

    /// <summary>Newest first; ties broken by id so the order is total and cursors are stable.</summary>
    public static int Compare(DeadLetterSummary left, DeadLetterSummary right) => Compare(Position(left), Position(right));

    /// <summary>Up to <paramref name="limit"/> matching entries after <paramref name="after"/>, newest first.</summary>
    public static IReadOnlyList<DeadLetterSummary> Select(
        IEnumerable<DeadLetterSummary> entries, DeadLetterQuery query, DeadLetterPosition? after, int limit) =>
        [.. entries
            .Where(entry => Matches(entry, query) && (after is not { } position || Compare(Position(entry), position) > 0))
            .OrderBy(Position, Comparer<DeadLetterPosition>.Create(Compare))
            .Take(limit)];

    /// <summary>
    /// The days worth visiting, newest first: those with entries, inside the query's range, and not newer than the
    /// cursor's day.
    /// </summary>
    public static IReadOnlyList<DateOnly> DaysToVisit(IEnumerable<DateOnly> days, DeadLetterQuery query, DeadLetterPosition? after) =>
        [.. days
            .Where(day => (query.From is not { } from || day >= DayOf(from))
                && (query.To is not { } to || day <= DayOf(to))
                && (after is not { } position || day <= DayOf(position.At)))
            .Distinct()
            .OrderDescending()];

    public static DeadLetterPosition Position(DeadLetterSummary entry) => new(entry.DeadLetteredAt, entry.NotificationId);

    public static string Encode(DeadLetterPosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{position.At.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{position.NotificationId}"));

    public static bool TryDecode(string? cursor, out DeadLetterPosition? position)
    {
        position = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 400)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            if (separator <= 0 || separator == text.Length - 1
                || !long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            position = new DeadLetterPosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(separator + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static int Compare(DeadLetterPosition left, DeadLetterPosition right)
    {
        var byTime = right.At.CompareTo(left.At);
        return byTime != 0 ? byTime : string.CompareOrdinal(right.NotificationId, left.NotificationId);
    }
}

/// <summary>Where a page of dead letters ended: the last entry's time and id.</summary>
public readonly record struct DeadLetterPosition(DateTimeOffset At, string NotificationId);
