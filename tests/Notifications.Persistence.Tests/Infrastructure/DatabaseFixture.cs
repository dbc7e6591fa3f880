using Notifications.Persistence.Migrations;

namespace Notifications.Persistence.Tests.Infrastructure;

/// <summary>A fresh, migrated database for one test class.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await DatabaseMigrator.MigrateAsync(Database.ConnectionString, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
