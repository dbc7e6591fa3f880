using Notifications.Domain.Paging;

namespace Notifications.Domain.Inbox;

/// <summary>
/// The rules of a user's in-app inbox, over its messages kept newest first. Bounded: beyond
/// <see cref="ActiveCapacity"/> messages the oldest are archived, and beyond <see cref="ArchivedCapacity"/> archived
/// messages the oldest archived are dropped, so the inbox stays small enough to store as one record.
/// </summary>
public static class InboxMessages
{
    public const int ActiveCapacity = 500;
    public const int ArchivedCapacity = 100;

    private static readonly NewestFirstOrder<InboxMessage> Order = new(message => new(message.CreatedAt, message.Id));

    public static InboxMessage? Find(IReadOnlyList<InboxMessage> messages, string id) =>
        messages.FirstOrDefault(message => message.Id == id);

    /// <summary>Inserts <paramref name="message"/> at its place, then archives and drops the oldest beyond the bounds.</summary>
    public static void Add(
        List<InboxMessage> messages, InboxMessage message, int activeCapacity = ActiveCapacity, int archivedCapacity = ArchivedCapacity)
    {
        Order.Insert(messages, message);
        var active = 0;
        var archived = 0;
        for (var index = 0; index < messages.Count; index++)
        {
            var current = messages[index];
            if (!current.Archived && ++active > activeCapacity)
            {
                current = messages[index] = current with { Archived = true };
            }

            if (current.Archived && ++archived > archivedCapacity)
            {
                messages.RemoveAt(index--);
            }
        }
    }

    public static InboxCounts Count(IEnumerable<InboxMessage> messages)
    {
        int unread = 0, unseen = 0, total = 0;
        foreach (var message in messages.Where(message => !message.Archived))
        {
            total++;
            unread += message.Read ? 0 : 1;
            unseen += message.Seen ? 0 : 1;
        }

        return new InboxCounts(unread, unseen, total);
    }

    /// <summary>One page of the messages <paramref name="filter"/> selects, after <paramref name="cursor"/>, newest first.</summary>
    public static InboxPage Page(IReadOnlyList<InboxMessage> messages, InboxFilter filter, int limit, string? cursor)
    {
        var selected = messages.Where(message => filter switch
        {
            InboxFilter.Unread => !message.Read && !message.Archived,
            InboxFilter.Archived => message.Archived,
            _ => !message.Archived,
        });
        var (items, next) = Order.Page(selected, limit, cursor);
        return new InboxPage(items, next, Count(messages));
    }

    /// <summary>Sets <paramref name="mark"/> on the message <paramref name="id"/>; null if there is none.</summary>
    public static (InboxMessage Message, bool Changed)? Mark(List<InboxMessage> messages, string id, InboxMark mark)
    {
        var index = messages.FindIndex(message => message.Id == id);
        if (index < 0)
        {
            return null;
        }

        var marked = Apply(messages[index], mark);
        var changed = marked != messages[index];
        messages[index] = marked;
        return (marked, changed);
    }

    /// <summary>Sets <paramref name="mark"/> on every message not archived; returns how many changed.</summary>
    public static int MarkAll(List<InboxMessage> messages, InboxMark mark)
    {
        var changed = 0;
        for (var index = 0; index < messages.Count; index++)
        {
            if (messages[index].Archived)
            {
                continue;
            }

            var marked = Apply(messages[index], mark);
            if (marked != messages[index])
            {
                messages[index] = marked;
                changed++;
            }
        }

        return changed;
    }

    public static bool IsValidCursor(string? cursor) => ListCursor.IsValid(cursor);

    /// <summary>Reading a message means it was seen, too.</summary>
    private static InboxMessage Apply(InboxMessage message, InboxMark mark) => mark switch
    {
        InboxMark.Read => message with { Read = true, Seen = true },
        InboxMark.Seen => message with { Seen = true },
        InboxMark.Archived => message with { Archived = true },
        _ => throw new ArgumentOutOfRangeException(nameof(mark), mark, "Unknown inbox mark."),
    };
}
