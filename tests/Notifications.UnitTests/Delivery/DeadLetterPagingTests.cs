using Notifications.Contracts;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class DeadLetterPagingTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static DeadLetterSummary Entry(string id, DateTimeOffset at, string type = "welcome", params Channel[] channels) =>
        new(id, "ada", type, Priority.Standard, channels.Length == 0 ? [Channel.Email] : channels, 3, at, "550 no such user");

    [Fact]
    public void Pages_run_newest_first_and_the_cursor_continues_where_the_last_page_ended()
    {
        var entries = Enumerable.Range(0, 5).Select(i => Entry($"n{i}", Day1.AddMinutes(i))).ToArray();
        var query = new DeadLetterQuery();

        var first = DeadLetterPaging.Select(entries, query, null, 2);
        Assert.True(DeadLetterPaging.TryDecode(DeadLetterPaging.Encode(DeadLetterPaging.Position(first[^1])), out var after));
        var second = DeadLetterPaging.Select(entries, query, after, 2);

        Assert.Equal(["n4", "n3"], first.Select(entry => entry.NotificationId));
        Assert.Equal(["n2", "n1"], second.Select(entry => entry.NotificationId));
    }

    [Fact]
    public void Filters_by_type_channel_and_time_range()
    {
        DeadLetterSummary[] entries =
        [
            Entry("a", Day1, "welcome", Channel.Email),
            Entry("b", Day1.AddHours(1), "order-shipped", Channel.Sms, Channel.Email),
            Entry("c", Day1.AddHours(2), "order-shipped", Channel.Push),
        ];

        Assert.Equal(["c", "b"], DeadLetterPaging.Select(entries, new DeadLetterQuery(Type: "order-shipped"), null, 10).Select(entry => entry.NotificationId));
        Assert.Equal(["b", "a"], DeadLetterPaging.Select(entries, new DeadLetterQuery(Channel: Channel.Email), null, 10).Select(entry => entry.NotificationId));
        Assert.Equal(["b"], DeadLetterPaging.Select(entries, new DeadLetterQuery(From: Day1.AddMinutes(30), To: Day1.AddHours(2)), null, 10).Select(entry => entry.NotificationId));
    }

    [Fact]
    public void Only_days_inside_the_range_and_not_after_the_cursor_are_visited()
    {
        var days = new[] { new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 9) };

        var all = DeadLetterPaging.DaysToVisit(days, new DeadLetterQuery(), null);
        var ranged = DeadLetterPaging.DaysToVisit(days, new DeadLetterQuery(From: Day1.AddDays(1)), null);
        var afterCursor = DeadLetterPaging.DaysToVisit(days, new DeadLetterQuery(), new DeadLetterPosition(Day1.AddDays(4), "x"));

        Assert.Equal([days[2], days[1], days[0]], all);
        Assert.Equal([days[2], days[1]], ranged);
        Assert.Equal([days[1], days[0]], afterCursor);
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("bm9waXBl")]
    public void A_cursor_this_api_did_not_make_is_refused(string cursor) =>
        Assert.False(DeadLetterPaging.TryDecode(cursor, out _));
}
