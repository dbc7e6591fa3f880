using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Notifications.Silo.Health;

/// <summary><c>/health/live</c> (the process runs) and <c>/health/ready</c> (an active member that reaches PostgreSQL).</summary>
public static class SiloHealthChecks
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services, string postgres)
    {
        services.AddSingleton(new PostgresHealthCheck(postgres));
        services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("membership", tags: [ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}

/// <summary>Ready while this silo is an active member of the cluster and not stopping.</summary>
public sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails local, IHostApplicationLifetime lifetime)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The silo is stopping"));
        }

        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Active; {active} active silo(s) in the cluster")
            : HealthCheckResult.Unhealthy($"The silo is {status}"));
    }
}

/// <summary>Ready while PostgreSQL answers: without it no state can be read or written.</summary>
public sealed class PostgresHealthCheck(string connectionString) : IHealthCheck, IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", exception);
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
