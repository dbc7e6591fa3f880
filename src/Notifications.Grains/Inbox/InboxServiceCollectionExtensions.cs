using Microsoft.Extensions.DependencyInjection;
using Notifications.Channels;

namespace Notifications.Grains.Inbox;

public static class InboxServiceCollectionExtensions
{
    /// <summary>Registers the in-app channel: an <see cref="IChannelSender"/> keyed by <see cref="Channel.InApp"/> that writes to inboxes.</summary>
    public static IServiceCollection AddInAppChannel(this IServiceCollection services) =>
        services.AddKeyedSingleton<IChannelSender>(Channel.InApp, (provider, _) => new InAppChannelSender(provider.GetRequiredService<IGrainFactory>()));
}
