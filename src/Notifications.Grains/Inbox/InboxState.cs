namespace Notifications.Grains.Inbox;

/// <summary>A user's inbox messages, newest first and bounded (see <see cref="Domain.Inbox.InboxMessages"/>).</summary>
[GenerateSerializer, Alias("notifications.inbox-state")]
public sealed class InboxState
{
    [Id(0)] public List<InboxMessage> Messages { get; set; } = [];
}
