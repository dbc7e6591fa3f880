using Notifications.Persistence.Migrations;
using Notifications.Persistence.Tests.Infrastructure;

namespace Notifications.Persistence.Tests;

public sealed class DatabaseMigratorTests
{
    private static readonly int[] AllVersions = [1, 2, 3, 4, 5];

    private static readonly string[] OrleansQueryKeys =
    [
        "ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "ReadFromStorageKey",
        "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
        "WriteToStorageKey",
    ];

    [Fact]
    public async Task An_empty_database_gets_every_migration_and_a_second_run_applies_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();

        var first = await DatabaseMigrator.MigrateAsync(database.ConnectionString, CancellationToken.None);
        var second = await DatabaseMigrator.MigrateAsync(database.ConnectionString, CancellationToken.None);

        Assert.Equal(AllVersions, first);
        Assert.Empty(second);
        Assert.Equal(AllVersions.Length, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        foreach (var table in new[] { "orleansquery", "orleans_storage", "orleans_reminders", "delivery_log", "audit_log", "notification_state" })
        {
            Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass(@table) IS NOT NULL", default, ("table", table)), $"table {table} is missing");
        }

        var keys = await database.ScalarAsync<string[]>("SELECT array_agg(querykey ORDER BY querykey) FROM orleansquery");
        Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task Two_silos_migrating_at_once_apply_each_migration_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync();

        var runs = await Task.WhenAll(
            Task.Run(() => DatabaseMigrator.MigrateAsync(database.ConnectionString, CancellationToken.None)),
            Task.Run(() => DatabaseMigrator.MigrateAsync(database.ConnectionString, CancellationToken.None)));

        Assert.Equal(AllVersions, runs.SelectMany(applied => applied).Order());
        Assert.Contains(runs, applied => applied.Count == 0);
        Assert.Equal(AllVersions.Length, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_database_that_is_missing_only_the_newest_migrations_gets_just_those()
    {
        await using var database = await TestDatabase.CreateAsync();
        await DatabaseMigrator.MigrateAsync(database.ConnectionString, CancellationToken.None);
        await database.ExecuteAsync("DROP TABLE audit_log; DELETE FROM schema_migrations WHERE version = 4");

        var applied = await DatabaseMigrator.MigrateAsync(database.ConnectionString, CancellationToken.None);

        Assert.Equal([4], applied);
        Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass('audit_log') IS NOT NULL"));
    }
}
