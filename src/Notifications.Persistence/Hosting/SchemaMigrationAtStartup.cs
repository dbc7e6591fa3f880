using Microsoft.Extensions.Logging;
using Notifications.Persistence.Migrations;

namespace Notifications.Persistence.Hosting;

/// <summary>Applies pending migrations before grain storage and reminders read their queries.</summary>
internal sealed partial class SchemaMigrationAtStartup(string connectionString, ILogger<SchemaMigrationAtStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationAtStartup), ServiceLifecycleStage.RuntimeInitialize, MigrateAsync);

    private async Task MigrateAsync(CancellationToken ct)
    {
        var applied = await DatabaseMigrator.MigrateAsync(connectionString, ct);
        if (applied.Count > 0)
        {
            LogApplied(string.Join(", ", applied));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migrations {Versions}")]
    private partial void LogApplied(string versions);
}
