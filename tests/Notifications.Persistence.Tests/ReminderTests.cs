using Notifications.Persistence.Tests.Grains;
using Notifications.Persistence.Tests.Infrastructure;

namespace Notifications.Persistence.Tests;

public sealed class ReminderTests : IAsyncLifetime
{
    private static readonly TimeSpan FiringTimeout = TimeSpan.FromSeconds(60);

    private readonly string _serviceId = $"persistence-tests-{Guid.NewGuid():N}";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<long> StoredRemindersAsync(string key) => _database.ScalarAsync<long>(
        "SELECT count(*) FROM orleans_reminders WHERE service_id = @service AND grain_id LIKE '%' || @key", default,
        ("service", _serviceId), ("key", key));

    [Fact]
    public async Task A_registered_reminder_fires_repeatedly_and_stops_once_unregistered()
    {
        await using var cluster = await PostgresCluster.StartAsync(_database.ConnectionString, _serviceId);
        var key = Guid.NewGuid().ToString("N");
        var grain = cluster.Client.GetGrain<IReminderGrain>(key);

        await grain.Start(PostgresCluster.ReminderPeriod);
        var storedWhileRegistered = await StoredRemindersAsync(key);
        await PostgresCluster.WaitUntilAsync(async () => await grain.Ticks() >= 2, FiringTimeout, "two reminder ticks");

        await grain.Stop();
        var ticksAtStop = await grain.Ticks();
        // Long enough for three more periods: an unregistered reminder must stay silent.
        await Task.Delay(PostgresCluster.ReminderPeriod * 3);

        Assert.Equal(1, storedWhileRegistered);
        Assert.Equal(0, await StoredRemindersAsync(key));
        Assert.Empty(await grain.ReminderNames());
        Assert.Equal(ticksAtStop, await grain.Ticks());
    }

    [Fact]
    public async Task Reminders_survive_a_silo_restart_and_fire_again_from_the_stored_rows()
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var first = await PostgresCluster.StartAsync(_database.ConnectionString, _serviceId))
        {
            var grain = first.Client.GetGrain<IReminderGrain>(key);
            await grain.Start(PostgresCluster.ReminderPeriod);
            await PostgresCluster.WaitUntilAsync(async () => await grain.Ticks() >= 1, FiringTimeout, "the first tick");
        }

        Assert.Equal(1, await StoredRemindersAsync(key));

        await using var second = await PostgresCluster.StartAsync(_database.ConnectionString, _serviceId);
        var restarted = second.Client.GetGrain<IReminderGrain>(key);

        Assert.Equal([ReminderGrain.ReminderName], await restarted.ReminderNames());
        await PostgresCluster.WaitUntilAsync(async () => await restarted.Ticks() >= 1, FiringTimeout, "a tick after the restart");
        await restarted.Stop();
        Assert.Equal(0, await StoredRemindersAsync(key));
    }
}
