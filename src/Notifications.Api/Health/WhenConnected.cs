using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.Api.Health;

/// <summary>Runs a health check that needs the cluster only when the client reaches a silo; unhealthy otherwise.</summary>
public sealed class WhenConnected(ClusterConnection connection, IHealthCheck check) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        connection.IsAvailable
            ? check.CheckHealthAsync(context, cancellationToken)
            : Task.FromResult(HealthCheckResult.Unhealthy("No silo reachable"));
}
