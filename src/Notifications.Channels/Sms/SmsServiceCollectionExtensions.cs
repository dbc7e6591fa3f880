using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Channels.Http;

namespace Notifications.Channels.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SMS channel from <c>Notifications:Sms:Twilio</c>: an <see cref="IChannelSender"/> keyed by
    /// <see cref="Channel.Sms"/> that sends through Twilio. Nothing is registered without AccountSid and AuthToken,
    /// so SMS is reported as having no provider.
    /// </summary>
    public static IServiceCollection AddSmsChannel(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TwilioOptions.SectionName);
        if (section.Get<TwilioOptions>() is not { IsConfigured: true })
        {
            return services;
        }

        services.AddOptions<TwilioOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(TwilioSmsSender.HttpClientName, (provider, client) =>
            client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<TwilioOptions>>().Value.TimeoutSeconds));

        services.AddKeyedSingleton<IChannelSender>(Channel.Sms, (provider, _) => new TwilioSmsSender(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<TwilioOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
