using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Channels.Push.Apns;
using Notifications.Channels.Push.Fcm;

namespace Notifications.Channels.Push;

public static class PushServiceCollectionExtensions
{
    /// <summary>
    /// Registers the push channel: an <see cref="IChannelSender"/> keyed by <see cref="Channel.Push"/> that sends
    /// <c>fcm:</c> addresses through FCM (<c>Notifications:Push:Fcm</c>) and <c>apns:</c> addresses through APNs
    /// (<c>Notifications:Push:Apns</c>). Nothing is registered when neither service is configured.
    /// </summary>
    public static IServiceCollection AddPushChannel(this IServiceCollection services, IConfiguration configuration)
    {
        var fcmSection = configuration.GetSection(FcmOptions.SectionName);
        var apnsSection = configuration.GetSection(ApnsOptions.SectionName);
        var fcmConfigured = fcmSection.Get<FcmOptions>() is { IsConfigured: true };
        var apnsConfigured = apnsSection.Get<ApnsOptions>() is { IsConfigured: true };
        if (!fcmConfigured && !apnsConfigured)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        if (fcmConfigured)
        {
            services.AddOptions<FcmOptions>().Bind(fcmSection).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FcmOptions>, FcmOptionsValidator>());
            services.AddHttpClient(FcmClient.HttpClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<FcmOptions>>().Value.TimeoutSeconds));
            services.TryAddSingleton(provider => PushKeyMaterial.FcmCredentialFrom(provider.GetRequiredService<IOptions<FcmOptions>>().Value));
            services.TryAddSingleton(provider => new FcmClient(
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetRequiredService<IOptions<FcmOptions>>().Value,
                provider.GetRequiredService<FcmCredential>(),
                provider.GetRequiredService<TimeProvider>()));
        }

        if (apnsConfigured)
        {
            services.AddOptions<ApnsOptions>().Bind(apnsSection).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApnsOptions>, ApnsOptionsValidator>());
            services.AddHttpClient(ApnsClient.HttpClientName, (provider, client) =>
                    client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<ApnsOptions>>().Value.TimeoutSeconds))
                .ConfigurePrimaryHttpMessageHandler(provider => ApnsHandler.Create(provider.GetRequiredService<IOptions<ApnsOptions>>().Value))
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            services.TryAddSingleton(provider =>
            {
                var options = provider.GetRequiredService<IOptions<ApnsOptions>>().Value;
                return new ApnsProviderToken(
                    options.TeamId!, options.KeyId!, PushKeyMaterial.ApnsSigningKeyFrom(options), provider.GetRequiredService<TimeProvider>());
            });
            services.TryAddSingleton(provider => new ApnsClient(
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetRequiredService<IOptions<ApnsOptions>>().Value,
                provider.GetRequiredService<ApnsProviderToken>(),
                provider.GetRequiredService<TimeProvider>()));
        }

        services.AddKeyedSingleton<IChannelSender>(Channel.Push, (provider, _) => new PushSender(
            fcmConfigured ? provider.GetRequiredService<FcmClient>() : null,
            apnsConfigured ? provider.GetRequiredService<ApnsClient>() : null));
        return services;
    }
}
