using Notifications.Channels;

namespace Notifications.Grains.Channels;

/// <summary>Calls a channel's provider. Keyed by the channel's wire name; stateless, so every silo runs its own.</summary>
[Alias("notifications.IChannelWorkerGrain")]
public interface IChannelWorkerGrain : IGrainWithStringKey
{
    Task<DeliveryResult> Deliver(OutboundMessage message);
}
