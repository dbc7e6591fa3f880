namespace Notifications.Channels.Push;

/// <summary>One mobile push service (FCM or APNs), given the bare device token.</summary>
public interface IPushServiceClient
{
    Task<DeliveryResult> SendAsync(string deviceToken, OutboundMessage message, CancellationToken ct);
}
