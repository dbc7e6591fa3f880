using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Api.Health;
using Notifications.Grains.Hosting;
using Orleans.Configuration;

namespace Notifications.Api.Extensions;

/// <summary>The cluster hosting of the API: a pure Orleans client of separate silos, found through Redis membership.</summary>
public static class ClusterClientExtensions
{
    /// <summary>
    /// Connects to the silos of <c>Notifications:Cluster</c> through Redis. The API starts at once: the client connects in
    /// the background, retrying until a silo answers, and the API reports not ready (and answers API calls with 503)
    /// until then.
    /// </summary>
    public static WebApplicationBuilder AddNotificationsClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = ClusterSettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton<ClusterConnection>();

        var hostedBefore = services.Where(descriptor => descriptor.ServiceType == typeof(IHostedService)).ToList();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
            client.UseRedisClustering(cluster.Redis);
        });
        services.AddSingleton<IClientConnectionRetryFilter>(provider => provider.GetRequiredService<ClusterConnection>());
        services.AddSingleton<IClusterConnectionStatusObserver>(provider => provider.GetRequiredService<ClusterConnection>());

        // The client's own hosted service would hold up the API's start until a silo answers: start it in the background.
        var orleansClient = services.Where(descriptor => descriptor.ServiceType == typeof(IHostedService) && !hostedBefore.Contains(descriptor)).ToList();
        orleansClient.ForEach(descriptor => services.Remove(descriptor));
        services.AddHostedService(provider => new BackgroundClusterConnection(
            [.. orleansClient.Select(descriptor => Create(descriptor, provider))],
            provider.GetRequiredService<ClusterConnection>(),
            provider.GetRequiredService<ILogger<BackgroundClusterConnection>>()));

        services.AddSingleton<ClusterUnavailable>();
        services.AddSingleton<IStartupFilter>(provider => provider.GetRequiredService<ClusterUnavailable>());
        services.AddExceptionHandler<ClusterUnavailable>();
        services.AddHealthChecks().AddCheck<ClusterConnectionHealthCheck>("cluster-connection", tags: [ClusterHealthCheck.ReadyTag]);

        // Ready checks that call grains only run once the client is connected: before, they could only fail noisily.
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(registration => registration.Tags.Contains(ClusterHealthCheck.ReadyTag) && registration.Name != "cluster-connection"))
            {
                var factory = registration.Factory;
                registration.Factory = provider => new WhenConnected(provider.GetRequiredService<ClusterConnection>(), factory(provider));
            }
        });
        return builder;
    }

    private static IHostedService Create(ServiceDescriptor descriptor, IServiceProvider provider) => (IHostedService)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
