using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Channels.Http;

namespace Notifications.Channels.WebPush;

public static partial class WebPushServiceCollectionExtensions
{
    /// <summary>
    /// Registers the web push channel from <c>Notifications:WebPush</c> when its Subject is set: an
    /// <see cref="IChannelSender"/> keyed by <see cref="Channel.WebPush"/>, and <see cref="VapidKeys"/> (whose public key
    /// browsers subscribe with). Without keys the channel refuses to start, except in the Development environment,
    /// where a key pair is generated and a warning logged.
    /// </summary>
    public static IServiceCollection AddWebPushChannel(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(WebPushOptions.SectionName);
        if (section.Get<WebPushOptions>() is not { IsConfigured: true })
        {
            return services;
        }

        services.AddOptions<WebPushOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebPushOptions>, WebPushOptionsValidator>(
            provider => new WebPushOptionsValidator(provider.GetService<IHostEnvironment>())));
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<WebPushOptions>>().Value;
            if (options.HasKeys)
            {
                return VapidKeys.FromBase64Url(options.PublicKey!, options.PrivateKey!);
            }

            var generated = VapidKeys.Generate();
            LogGeneratedKeys(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VapidKeys)), generated.PublicKey);
            return generated;
        });
        services.AddHttpClient(WebPushSender.HttpClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<WebPushOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(provider => GuardFor(provider.GetRequiredService<IOptions<WebPushOptions>>().Value).CreateHandler());

        services.AddKeyedSingleton<IChannelSender>(Channel.WebPush, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<WebPushOptions>>().Value;
            var time = provider.GetRequiredService<TimeProvider>();
            return new WebPushSender(
                provider.GetRequiredService<IHttpClientFactory>(),
                options,
                new VapidAuthorization(provider.GetRequiredService<VapidKeys>(), options.Subject!, time),
                GuardFor(options),
                time);
        });
        return services;
    }

    private static EgressGuard GuardFor(WebPushOptions options) =>
        new(new EgressPolicy(options.AllowHttp, options.AllowPrivateNetworks, options.AllowedHosts));

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No VAPID keys are configured (Notifications:WebPush:PublicKey/PrivateKey): generated a key pair for this process only, public key {PublicKey}. Browser subscriptions made with it stop working when the process restarts; configure a persistent pair outside development.")]
    private static partial void LogGeneratedKeys(ILogger logger, string publicKey);
}
