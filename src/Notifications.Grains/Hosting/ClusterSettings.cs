using Microsoft.Extensions.Configuration;

namespace Notifications.Grains.Hosting;

/// <summary>
/// <c>Notifications:Cluster</c> and the Redis connection string: what silos and API processes of one cluster share.
/// Every process of a cluster must use the same values.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Notifications:Cluster";

    /// <summary>Names this deployment: silos and clients with the same cluster id find each other in Redis.</summary>
    public string ClusterId { get; set; } = "notifications";

    /// <summary>Names the service across deployments: stored state and reminders are keyed by it, so it never changes.</summary>
    public string ServiceId { get; set; } = "notifications";

    /// <summary>The StackExchange.Redis configuration of the membership store, from <c>ConnectionStrings:Redis</c>.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>Reads the cluster settings; fails with the key to set when the Redis connection string is missing.</summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
        settings.Redis = configuration.GetConnectionString("Redis") ?? string.Empty;
        if (string.IsNullOrWhiteSpace(settings.Redis))
        {
            throw new InvalidOperationException(
                "The cluster hosting needs Redis for membership: set ConnectionStrings:Redis (ConnectionStrings__Redis), e.g. 127.0.0.1:6379.");
        }

        return settings;
    }
}
