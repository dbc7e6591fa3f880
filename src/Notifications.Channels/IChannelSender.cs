namespace Notifications.Channels;

/// <summary>
/// A provider client for one channel. Implementations never throw for a provider's answer: they classify it
/// into a <see cref="DeliveryResult"/>. They are registered as keyed services under their <see cref="Channel"/>.
/// </summary>
public interface IChannelSender
{
    Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct);
}
