using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Channels;
using Orleans.Concurrency;

namespace Notifications.Grains.Channels;

/// <summary>
/// A stateless, reentrant worker: a send waits on the network, so one activation serves many sends at once and
/// the provider client bounds the concurrency (connection pools, rate limits).
/// </summary>
[StatelessWorker, Reentrant]
[GrainType("channel-worker")]
public sealed partial class ChannelWorkerGrain(IServiceProvider services, ILogger<ChannelWorkerGrain> logger)
    : Grain, IChannelWorkerGrain
{
    public async Task<DeliveryResult> Deliver(OutboundMessage message)
    {
        var sender = services.GetKeyedService<IChannelSender>(message.Channel);
        if (sender is null)
        {
            return DeliveryResult.Permanent($"No provider is configured for channel '{message.Channel.ToWireName()}'.");
        }

        try
        {
            return await sender.SendAsync(message, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Provider clients classify what they know; anything else is an unexpected fault worth one more try.
            LogUnexpectedFailure(logger, exception, message.Channel.ToWireName(), message.NotificationId);
            return DeliveryResult.RetryLater($"Unexpected provider failure: {exception.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Channel} provider failed unexpectedly for notification {NotificationId}")]
    private static partial void LogUnexpectedFailure(ILogger logger, Exception exception, string channel, string notificationId);
}
