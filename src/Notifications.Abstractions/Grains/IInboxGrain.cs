using Orleans.Concurrency;

namespace Notifications.Grains;

/// <summary>
/// One user's in-app inbox: bounded, newest first, with read, seen and archived flags. Keyed <c>{tenant}/{userId}</c>
/// (see <see cref="GrainKeys"/>). Every change is published as an <see cref="InboxEvent"/> on the user's
/// <see cref="InboxStreams">inbox stream</see>.
/// </summary>
[Alias("notifications.IInboxGrain")]
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores a message under its notification id. Idempotent: a message already stored under that id is returned as
    /// it is (with <see cref="InboxAddResult.Added"/> false), so a retried delivery never shows twice.
    /// </summary>
    Task<InboxAddResult> Add(InboxMessageDraft draft);

    /// <summary>Up to <paramref name="limit"/> (1-100) messages after <paramref name="cursor"/>, newest first.</summary>
    [ReadOnly]
    Task<InboxPage> List(InboxFilter filter, int limit, string? cursor);

    [ReadOnly]
    Task<InboxCounts> GetCounts();

    /// <summary>Sets <paramref name="mark"/> on one message (read implies seen). Marking twice changes nothing.</summary>
    Task<InboxMarkResult> Mark(string messageId, InboxMark mark);

    /// <summary>Sets <paramref name="mark"/> on every message not archived; returns the counts after.</summary>
    Task<InboxCounts> MarkAll(InboxMark mark);
}
