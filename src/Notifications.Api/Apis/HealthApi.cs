using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Notifications.Api.Health;

namespace Notifications.Api.Apis;

/// <summary><c>/health/live</c> (the process runs) and <c>/health/ready</c> (it can reach the cluster). No auth.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ClusterHealthCheck.ReadyTag) })
            .AllowAnonymous();
        return routes;
    }
}
