using System.Text.Json.Serialization;

namespace Notifications.Contracts;

/// <summary>
/// One message in a user's in-app inbox. <paramref name="Id"/> is the id of the notification that delivered it, so a
/// retried delivery finds the message it already stored. Reading a message also marks it seen.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.inbox-message")]
public sealed record InboxMessage(
    string Id,
    string Title,
    string? Body,
    string? Url,
    DateTimeOffset CreatedAt,
    bool Read = false,
    bool Seen = false,
    bool Archived = false);

/// <summary>What the in-app channel asks an inbox to store: the rendered title, body and action URL of a notification.</summary>
[GenerateSerializer, Immutable, Alias("notifications.inbox-message-draft")]
public sealed record InboxMessageDraft(string NotificationId, string Title, string? Body = null, string? Url = null);

/// <summary>
/// Unread and unseen messages, and all messages not archived. "Seen" means shown in a list (the badge can clear),
/// "read" means opened; archived messages count in none of these.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.inbox-counts")]
public sealed record InboxCounts(int Unread, int Unseen, int Total);

/// <summary>A page of the inbox, newest first, with the counts at the time. <paramref name="NextCursor"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("notifications.inbox-page")]
public sealed record InboxPage(IReadOnlyList<InboxMessage> Items, string? NextCursor, InboxCounts Counts);

/// <summary>Which messages a listing shows.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboxFilter>))]
[GenerateSerializer, Alias("notifications.inbox-filter")]
public enum InboxFilter
{
    /// <summary>Every message not archived.</summary>
    [JsonStringEnumMemberName("all")] All = 0,

    /// <summary>Messages neither read nor archived.</summary>
    [JsonStringEnumMemberName("unread")] Unread = 1,

    [JsonStringEnumMemberName("archived")] Archived = 2,
}

/// <summary>A flag a user sets on a message (or on all of them).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboxMark>))]
[GenerateSerializer, Alias("notifications.inbox-mark")]
public enum InboxMark
{
    [JsonStringEnumMemberName("read")] Read = 0,
    [JsonStringEnumMemberName("seen")] Seen = 1,
    [JsonStringEnumMemberName("archived")] Archived = 2,
}

/// <summary>
/// The answer to storing a message: the stored message (the earlier one when the id was already there, with
/// <paramref name="Added"/> false), or the errors that refused it.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.inbox-add-result")]
public sealed record InboxAddResult(InboxMessage? Message, bool Added, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>The message as it now is, or null if the inbox holds no message with that id; and the counts after the change.</summary>
[GenerateSerializer, Immutable, Alias("notifications.inbox-mark-result")]
public sealed record InboxMarkResult(InboxMessage? Message, InboxCounts Counts);
