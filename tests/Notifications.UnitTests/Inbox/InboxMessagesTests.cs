using Notifications.Contracts;
using Notifications.Domain.Inbox;

namespace Notifications.UnitTests.Inbox;

public sealed class InboxMessagesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static InboxMessage Message(int minute) => new($"m{minute:D3}", $"Title {minute}", null, null, Start.AddMinutes(minute));

    private static List<InboxMessage> InboxOf(int count, int activeCapacity = InboxMessages.ActiveCapacity, int archivedCapacity = InboxMessages.ArchivedCapacity)
    {
        var messages = new List<InboxMessage>();
        for (var minute = 0; minute < count; minute++)
        {
            InboxMessages.Add(messages, Message(minute), activeCapacity, archivedCapacity);
        }

        return messages;
    }

    [Fact]
    public void Messages_are_kept_newest_first_whatever_order_they_arrive_in()
    {
        var messages = new List<InboxMessage>();
        InboxMessages.Add(messages, Message(2));
        InboxMessages.Add(messages, Message(5));
        InboxMessages.Add(messages, Message(1));

        Assert.Equal(["m005", "m002", "m001"], messages.Select(message => message.Id));
    }

    [Fact]
    public void Beyond_capacity_the_oldest_are_archived_then_dropped()
    {
        var messages = InboxOf(10, activeCapacity: 4, archivedCapacity: 3);

        Assert.Equal(["m009", "m008", "m007", "m006"], messages.Where(message => !message.Archived).Select(message => message.Id));
        Assert.Equal(["m005", "m004", "m003"], messages.Where(message => message.Archived).Select(message => message.Id));
        Assert.Equal(new InboxCounts(4, 4, 4), InboxMessages.Count(messages));
    }

    [Fact]
    public void The_default_bound_keeps_500_messages_and_100_archived()
    {
        var messages = InboxOf(700);

        Assert.Equal(600, messages.Count);
        Assert.Equal(500, InboxMessages.Count(messages).Total);
        Assert.Equal("m699", messages[0].Id);
        Assert.Equal("m100", messages[^1].Id);
    }

    [Fact]
    public void Reading_a_message_marks_it_seen_and_counts_follow()
    {
        var messages = InboxOf(3);

        var seen = InboxMessages.Mark(messages, "m000", InboxMark.Seen);
        var read = InboxMessages.Mark(messages, "m001", InboxMark.Read);

        Assert.True(seen!.Value.Changed);
        Assert.True(read!.Value.Message is { Read: true, Seen: true });
        Assert.Equal(new InboxCounts(Unread: 2, Unseen: 1, Total: 3), InboxMessages.Count(messages));
    }

    [Fact]
    public void Marking_twice_changes_nothing_and_an_unknown_id_is_null()
    {
        var messages = InboxOf(2);
        InboxMessages.Mark(messages, "m001", InboxMark.Read);

        Assert.False(InboxMessages.Mark(messages, "m001", InboxMark.Read)!.Value.Changed);
        Assert.Null(InboxMessages.Mark(messages, "nope", InboxMark.Read));
    }

    [Fact]
    public void Archived_messages_leave_the_counts_and_the_default_listing()
    {
        var messages = InboxOf(3);
        InboxMessages.Mark(messages, "m002", InboxMark.Archived);

        Assert.Equal(new InboxCounts(2, 2, 2), InboxMessages.Count(messages));
        Assert.Equal(["m001", "m000"], InboxMessages.Page(messages, InboxFilter.All, 10, null).Items.Select(message => message.Id));
        Assert.Equal(["m002"], InboxMessages.Page(messages, InboxFilter.Archived, 10, null).Items.Select(message => message.Id));
    }

    [Fact]
    public void Mark_all_touches_only_messages_not_archived()
    {
        var messages = InboxOf(4);
        InboxMessages.Mark(messages, "m000", InboxMark.Archived);
        InboxMessages.Mark(messages, "m001", InboxMark.Read);

        var changed = InboxMessages.MarkAll(messages, InboxMark.Read);

        Assert.Equal(2, changed);
        Assert.Equal(new InboxCounts(0, 0, 3), InboxMessages.Count(messages));
        Assert.False(InboxMessages.Find(messages, "m000")!.Read);
        Assert.Equal(0, InboxMessages.MarkAll(messages, InboxMark.Read));
    }

    [Fact]
    public void The_unread_listing_pages_with_a_cursor_that_stays_stable_as_new_messages_arrive()
    {
        var messages = InboxOf(7);
        InboxMessages.Mark(messages, "m005", InboxMark.Read);

        var first = InboxMessages.Page(messages, InboxFilter.Unread, 3, null);
        InboxMessages.Add(messages, Message(9));
        var second = InboxMessages.Page(messages, InboxFilter.Unread, 3, first.NextCursor);

        Assert.Equal(["m006", "m004", "m003"], first.Items.Select(message => message.Id));
        Assert.Equal(["m002", "m001", "m000"], second.Items.Select(message => message.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal(7, second.Counts.Unread);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("bm90aGluZw")]
    public void A_foreign_cursor_is_not_valid(string cursor) => Assert.False(InboxMessages.IsValidCursor(cursor));
}
