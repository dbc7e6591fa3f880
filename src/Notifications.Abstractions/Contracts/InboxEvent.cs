using System.Text.Json.Serialization;

namespace Notifications.Contracts;

/// <summary>What changed in an inbox.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboxEventKind>))]
[GenerateSerializer, Alias("notifications.inbox-event-kind")]
public enum InboxEventKind
{
    /// <summary>A new message arrived.</summary>
    [JsonStringEnumMemberName("added")] Added = 0,

    /// <summary>A message was marked read, seen or archived.</summary>
    [JsonStringEnumMemberName("updated")] Updated = 1,

    /// <summary>Every message was marked with <see cref="InboxEvent.Mark"/>.</summary>
    [JsonStringEnumMemberName("all_marked")] AllMarked = 2,
}

/// <summary>A live change of one user's inbox, with the counts after it. Published on the user's inbox stream.</summary>
[GenerateSerializer, Immutable, Alias("notifications.inbox-event")]
public sealed record InboxEvent(InboxEventKind Kind, InboxCounts Counts, InboxMessage? Message = null, InboxMark? Mark = null);

/// <summary>
/// Where inbox events are published: the Orleans stream provider <see cref="ProviderName"/>, namespace
/// <see cref="Namespace"/>, stream id the user's grain key <c>{tenant}/{userId}</c>. Events are live and may be lost
/// (memory streams); the inbox itself is the record.
/// </summary>
public static class InboxStreams
{
    public const string ProviderName = "inbox";
    public const string Namespace = "inbox";
}
