using Notifications.Contracts;
using Notifications.Domain.History;

namespace Notifications.UnitTests.History;

public sealed class NotificationHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static HistoryEntry Entry(int minute, NotificationStatus status = NotificationStatus.Sent) =>
        new($"n{minute:D3}", "welcome", status, null, Start.AddMinutes(minute), Start.AddMinutes(minute));

    [Fact]
    public void Entries_are_kept_newest_first_and_replaced_by_id()
    {
        var entries = new List<HistoryEntry>();
        NotificationHistory.Record(entries, Entry(1, NotificationStatus.Accepted));
        NotificationHistory.Record(entries, Entry(3));
        NotificationHistory.Record(entries, Entry(2));
        NotificationHistory.Record(entries, Entry(1, NotificationStatus.Failed));

        Assert.Equal(["n003", "n002", "n001"], entries.Select(entry => entry.NotificationId));
        Assert.Equal(NotificationStatus.Failed, entries[^1].Status);
    }

    [Fact]
    public void The_oldest_entries_fall_off_beyond_capacity()
    {
        var entries = new List<HistoryEntry>();
        for (var minute = 0; minute < 10; minute++)
        {
            NotificationHistory.Record(entries, Entry(minute), capacity: 4);
        }

        Assert.Equal(["n009", "n008", "n007", "n006"], entries.Select(entry => entry.NotificationId));
    }

    [Fact]
    public void Cursor_paging_walks_every_entry_once()
    {
        var entries = new List<HistoryEntry>();
        for (var minute = 0; minute < 7; minute++)
        {
            NotificationHistory.Record(entries, Entry(minute));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = NotificationHistory.Page(entries, 3, cursor);
            seen.AddRange(page.Items.Select(item => item.NotificationId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(entries.Select(entry => entry.NotificationId), seen);
    }

    [Fact]
    public void A_page_stays_stable_when_newer_entries_arrive()
    {
        var entries = new List<HistoryEntry>();
        for (var minute = 0; minute < 4; minute++)
        {
            NotificationHistory.Record(entries, Entry(minute));
        }

        var first = NotificationHistory.Page(entries, 2, null);
        NotificationHistory.Record(entries, Entry(10));
        var second = NotificationHistory.Page(entries, 2, first.NextCursor);

        Assert.Equal(["n001", "n000"], second.Items.Select(item => item.NotificationId));
        Assert.Null(second.NextCursor);
    }

    [Theory]
    [InlineData("not base64 !")]
    [InlineData("bm90IGEgY3Vyc29y")]
    public void A_forged_cursor_is_not_valid(string cursor) => Assert.False(NotificationHistory.IsValidCursor(cursor));
}
