using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Channels.Push;
using Notifications.Channels.Sms;
using Notifications.Channels.WebPush;
using Notifications.Channels.Webhook;

namespace Notifications.Channels.Http;

public static class ProviderChannelsServiceCollectionExtensions
{
    /// <summary>
    /// Registers every HTTP provider channel that has settings: SMS (Twilio), push (FCM, APNs), web push and webhooks.
    /// A channel without settings is not registered, and sends on it report that no provider is configured.
    /// </summary>
    public static IServiceCollection AddProviderChannels(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddSmsChannel(configuration)
            .AddPushChannel(configuration)
            .AddWebPushChannel(configuration)
            .AddWebhookChannel(configuration);
}
