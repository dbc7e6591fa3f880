using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.Channels.Http;
using Notifications.Domain.Delivery;
using Notifications.Grains.Callbacks;
using Notifications.Grains.Providers;

namespace Notifications.Grains.Notifications;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Delivery's services from <c>Notifications:Delivery</c> (validated at start-up): the per-silo
    /// <see cref="DeliveryGate"/> (lanes, provider rates, breakers) and the randomness of backoff jitter; and the
    /// status callbacks' sender, whose egress guard follows <c>Notifications:Callbacks</c>.
    /// </summary>
    public static IServiceCollection AddNotificationDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeliveryGate>();
        services.TryAddSingleton(new BackoffJitter(Random.Shared));

        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.Section));
        services.TryAddSingleton(provider => new CallbackEgress(new EgressGuard(provider.GetRequiredService<IOptions<CallbackOptions>>().Value
            .Policy(provider.GetService<IHostEnvironment>()?.IsDevelopment() ?? false))));
        services.AddHttpClient(StatusCallbackSender.HttpClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(Math.Max(1, provider.GetRequiredService<IOptions<CallbackOptions>>().Value.TimeoutSeconds)))
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<CallbackEgress>().Guard.CreateHandler());
        services.TryAddSingleton<StatusCallbackSender>();
        return services;
    }
}

/// <summary>The randomness of backoff jitter: <see cref="Random.Shared"/>, replaced by tests that need a known sequence.</summary>
public sealed class BackoffJitter(Random random)
{
    public Random Random => random;
}

internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
