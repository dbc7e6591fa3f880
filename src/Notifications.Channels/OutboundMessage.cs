namespace Notifications.Channels;

/// <summary>
/// One rendered message for one address on one channel: what a provider client is given. <paramref name="Headers"/> are
/// extra headers for channels that have them (email: <c>List-Unsubscribe</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.outbound-message")]
public sealed record OutboundMessage(
    string Tenant,
    string NotificationId,
    string UserId,
    Channel Channel,
    string Address,
    RenderedContent Content,
    int Attempt,
    Priority Priority,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>
    /// The same for every attempt of this notification on this channel, so a provider that supports idempotency keys
    /// drops a retried duplicate.
    /// </summary>
    public string IdempotencyKey => $"{NotificationId}:{Channel.ToWireName()}";
}
