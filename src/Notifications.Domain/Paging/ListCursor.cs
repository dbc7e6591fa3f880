using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Notifications.Domain.Paging;

/// <summary>Where an item sits in a newest-first list: when it was created, and its id to break ties.</summary>
public readonly record struct ListPosition(DateTimeOffset CreatedAt, string Id);

/// <summary>The opaque cursor of a newest-first page: the position of the page's last item, base64url-encoded.</summary>
public static class ListCursor
{
    private const int MaxLength = 400;

    /// <summary>True for null (the first page) and for any cursor a page returned.</summary>
    public static bool IsValid(string? cursor) => cursor is null || TryDecode(cursor, out _);

    public static string Encode(ListPosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{position.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{position.Id}"));

    public static bool TryDecode(string? cursor, out ListPosition position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxLength)
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

            position = new ListPosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(separator + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
