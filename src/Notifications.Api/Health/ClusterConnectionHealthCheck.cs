using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.Api.Health;

/// <summary>Ready (cluster hosting) only once the Orleans client has connected and reaches at least one gateway.</summary>
public sealed class ClusterConnectionHealthCheck(ClusterConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !connection.IsConnected ? HealthCheckResult.Unhealthy("Not connected to the cluster yet: no silo has answered")
            : connection.Gateways == 0 ? HealthCheckResult.Unhealthy("No gateway answers")
            : HealthCheckResult.Healthy($"Connected to {connection.Gateways} gateway(s)"));
}
