using Notifications.Persistence.Migrations;

namespace Notifications.Persistence.Hosting;

/// <summary>Stops a silo from starting on a database whose schema is older than this version of the product.</summary>
internal sealed class SchemaCheckAtStartup(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaCheckAtStartup), ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    private async Task CheckAsync(CancellationToken ct)
    {
        var pending = await DatabaseMigrator.GetPendingAsync(connectionString, ct);
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database lacks migration(s) {string.Join(", ", pending)}. Apply them first with " +
                "`dotnet run --project src/Notifications.Silo -- migrate` (or `Notifications.Silo migrate` in a container), " +
                "or set Notifications:Database:AutoMigrate=true to migrate at start-up.");
        }
    }
}
