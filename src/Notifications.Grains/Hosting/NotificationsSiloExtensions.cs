using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Channels.Email;
using Notifications.Channels.Http;
using Notifications.Grains.Inbox;
using Notifications.Grains.Notifications;
using Notifications.Grains.Templates;
using Notifications.Grains.Users;
using Notifications.Templates;
using Orleans.Runtime.Hosting;

namespace Notifications.Grains.Hosting;

/// <summary>The wiring every silo shares, whatever its hosting.</summary>
public static class NotificationsSiloExtensions
{
    /// <summary>The services the grains depend on: clock, templates and the channels' provider clients.</summary>
    public static IServiceCollection AddNotificationsGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddNotificationTemplates(configuration);
        services.AddTemplateVersions();
        services.AddEmailChannel(configuration);
        services.AddProviderChannels(configuration);
        services.AddInAppChannel();
        services.AddRecipientPolicy(configuration);
        services.AddNotificationDelivery(configuration);
        return services;
    }

    /// <summary>The embedded default: one silo on loopback, everything in memory, nothing to install.</summary>
    public static ISiloBuilder UseEmbeddedHosting(this ISiloBuilder silo, SiloOptions options)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
        foreach (var name in StorageNames.All)
        {
            silo.Services.AddGrainStorage(
                name, (services, storageName) => ActivatorUtilities.CreateInstance<InProcessGrainStorage>(services, storageName));
        }

        silo.UseInMemoryReminderService();
        silo.AddInboxStreams().AddMemoryGrainStorage(StorageNames.PubSub);
        return silo;
    }
}

/// <summary><c>Notifications:Silo</c>: the ports a silo listens on.</summary>
public sealed class SiloOptions
{
    public const string Section = "Notifications:Silo";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this one at (cluster hosting); empty picks the machine's.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Where a cluster silo serves <c>/health/live</c> and <c>/health/ready</c>; <c>ASPNETCORE_URLS</c> when unset.</summary>
    public string? HealthUrl { get; set; }

    /// <summary>How long a cluster silo may take to stop gracefully (finish its work, hand the rest over) on SIGTERM.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(45);
}
