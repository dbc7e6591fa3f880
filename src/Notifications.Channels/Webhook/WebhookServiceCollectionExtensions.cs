using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Channels.Http;

namespace Notifications.Channels.Webhook;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers the webhook channel from <c>Notifications:Webhook</c> when its Secret is set: an
    /// <see cref="IChannelSender"/> keyed by <see cref="Channel.Webhook"/>, the <see cref="StandardWebhookSigner"/> and
    /// the <see cref="EgressGuard"/> built from AllowHttp, AllowPrivateNetworks and AllowedHosts.
    /// </summary>
    public static IServiceCollection AddWebhookChannel(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(WebhookOptions.SectionName);
        if (section.Get<WebhookOptions>() is not { IsConfigured: true })
        {
            return services;
        }

        services.AddOptions<WebhookOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new StandardWebhookSigner(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Secret!));
        services.TryAddKeyedSingleton(Channel.Webhook, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;
            return new EgressGuard(new EgressPolicy(options.AllowHttp, options.AllowPrivateNetworks, options.AllowedHosts));
        });
        services.AddHttpClient(WebhookSender.HttpClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredKeyedService<EgressGuard>(Channel.Webhook).CreateHandler());

        services.AddKeyedSingleton<IChannelSender>(Channel.Webhook, (provider, _) => new WebhookSender(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<StandardWebhookSigner>(),
            provider.GetRequiredKeyedService<EgressGuard>(Channel.Webhook),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>Fails start-up on webhook settings that would fail every send, naming the key to fix.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        try
        {
            _ = new StandardWebhookSigner(options.Secret!);
        }
        catch (ArgumentException invalid)
        {
            failures.Add($"{WebhookOptions.SectionName}:Secret: {invalid.Message}");
        }

        if (options.TimeoutSeconds < 1)
        {
            failures.Add($"{WebhookOptions.SectionName}:TimeoutSeconds must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
