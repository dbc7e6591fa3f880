using System.Net;
using System.Net.Sockets;
using Notifications.Grains.Hosting;
using Notifications.Persistence.Hosting;
using Notifications.Persistence.Storage;
using Notifications.Silo.Health;
using Orleans.Configuration;
using SiloOptions = Notifications.Grains.Hosting.SiloOptions;

namespace Notifications.Silo.Hosting;

/// <summary>The cluster hosting: a silo on PostgreSQL (state, reminders) and Redis (membership), with health endpoints.</summary>
public static class ClusterSiloExtensions
{
    /// <summary>
    /// Makes this process a cluster silo: the grains with the same services as the embedded hosting, the cluster's
    /// storage and membership, health endpoints on a small HTTP port, and a graceful stop long enough to drain.
    /// </summary>
    public static WebApplicationBuilder AddNotificationsSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var silo = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var cluster = ClusterSettings.From(configuration);
        var postgres = configuration.GetConnectionString(SiloSettingsKeys.Postgres);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException(
                "A cluster silo stores its state in PostgreSQL: set ConnectionStrings:Postgres (ConnectionStrings__Postgres), " +
                "e.g. Host=127.0.0.1;Port=5432;Username=notifications;Password=...;Database=notifications.");
        }

        if (!string.IsNullOrWhiteSpace(silo.HealthUrl))
        {
            builder.WebHost.UseUrls(silo.HealthUrl);
        }
        else if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(SiloSettingsKeys.DefaultHealthUrl);
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = silo.ShutdownTimeout);
        builder.Services.AddNotificationsGrainServices(configuration);
        builder.Services.AddSiloHealthChecks(postgres);
        var autoMigrate = configuration.GetValue<bool>(SiloSettingsKeys.AutoMigrate);
        var storage = configuration.GetSection(SiloSettingsKeys.Storage);
        builder.UseOrleans(orleans => orleans.UseNotificationsCluster(silo, cluster, postgres, autoMigrate, storage));
        return builder;
    }

    /// <summary>Membership in Redis, ports and address, PostgreSQL storage and reminders, the group-commit notification store.</summary>
    public static ISiloBuilder UseNotificationsCluster(
        this ISiloBuilder orleans, SiloOptions silo, ClusterSettings cluster, string postgres, bool autoMigrate, IConfiguration storage)
    {
        orleans.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        orleans.Configure<EndpointOptions>(options =>
        {
            options.SiloPort = silo.SiloPort;
            options.GatewayPort = silo.GatewayPort;
            if (!string.IsNullOrWhiteSpace(silo.AdvertisedAddress))
            {
                options.AdvertisedIPAddress = Resolve(silo.AdvertisedAddress);
            }
        });
        orleans.UseRedisClustering(cluster.Redis);
        orleans.UsePostgresPersistence(
            new PostgresPersistenceOptions { ConnectionString = postgres, MigrateAtStartup = autoMigrate },
            StorageNames.Users,
            StorageNames.Templates);
        orleans.AddGroupCommitGrainStorage(StorageNames.Notifications, options =>
        {
            storage.Bind(options);
            options.ConnectionString = postgres;
            options.Describe = NotificationRecovery.Describe;
            options.Wake = NotificationRecovery.Wake;
        });
        return orleans;
    }

    private static IPAddress Resolve(string address) =>
        IPAddress.TryParse(address, out var ip)
            ? ip
            : Dns.GetHostAddresses(address).FirstOrDefault(candidate => candidate.AddressFamily == AddressFamily.InterNetwork)
              ?? throw new InvalidOperationException($"Notifications:Silo:AdvertisedAddress '{address}' does not resolve to an IPv4 address.");
}
