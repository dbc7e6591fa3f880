using Notifications.Contracts;
using Notifications.Grains.DeadLetters;
using Notifications.Grains.Idempotency;
using Notifications.Testing.Smtp;
using Npgsql;
using Orleans.TestingHost;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>
/// Two silos on real time storing grain state and reminders in PostgreSQL (a database of its own, dropped
/// afterwards), so a notification's wait outlives the silo that held it. An SMS retry waits two seconds; the wake
/// reminder fires a second after that and repeats every second.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public const string ServerVariable = "NOTIFICATIONS_TEST_POSTGRES";

    private readonly string _database = $"notifications_delivery_{Guid.NewGuid():N}";

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public FakeSmsProvider Sms { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = ServerConnectionString();
        await ExecuteAsync(server, $"CREATE DATABASE \"{_database}\"");
        var database = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
        Cluster = await StartAsync(new DeliveryClusterSettings(
            Silos: 2,
            Smtp,
            Sms,
            new Dictionary<string, string?>
            {
                ["Notifications:Delivery:Channels:sms:BaseDelay"] = "00:00:02",
                ["Notifications:Delivery:Channels:sms:MaxDelay"] = "00:00:02",
                ["Notifications:Delivery:WakeReminderGrace"] = "00:00:01",
                ["Notifications:Delivery:WakeReminderPeriod"] = "00:00:01",
            },
            Jitter: new ConstantRandom(0.999),
            PostgresConnectionString: database,
            ServiceId: $"delivery-tests-{Guid.NewGuid():N}"));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(ServerConnectionString(), $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }

    private static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Start PostgreSQL first: `bash scripts/services.sh start && source .services/env`.");

    private static async Task ExecuteAsync(string server, string sql)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class SiloKillTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    [Fact]
    public async Task A_silo_killed_during_a_backoff_does_not_lose_the_retry()
    {
        var (userId, _, phone) = await CreateUserAsync(_grains);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(503), FakeSmsProvider.Ok);
        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms]))).Notification!.Id;
        await WaitForStatusAsync(_grains, id, NotificationStatus.Deferred);

        var grain = _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(Tenant, id));
        Assert.True(fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context));
        var host = fixture.Cluster.GetSiloForAddress(context.Address.SiloAddress!)!;
        await fixture.Cluster.KillSiloAsync(host);

        // Nothing touches the notification: only its reminder, now served by the surviving silo, can wake it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (fixture.Sms.RequestsTo(phone).Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The retry never happened after the silo was killed.");
            await Task.Delay(100);
        }

        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);
        Assert.Equal([NotificationStatus.Failed, NotificationStatus.Sent], sent.Attempts.Select(attempt => attempt.Status));
        Assert.All(fixture.Sms.RequestsTo(phone), request => Assert.Equal($"{id}:sms", request.IdempotencyKey));
    }

    [Fact]
    public async Task Dead_letters_and_idempotency_keys_are_stored_in_postgresql_and_read_back()
    {
        const string tenant = "pg-tenant";
        var (userId, _, phone) = await CreateUserAsync(_grains, tenant: tenant);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(400), FakeSmsProvider.Ok);
        var key = _grains.GetGrain<IIdempotencyGrain>(IdempotencyKeys.GrainKey(tenant, "pg-key", "order-42"));
        var request = new SendNotification(userId, "welcome", Channels: [Channel.Sms]);
        var id = (await key.Submit(request, "pg-key")).NotificationId!;
        await WaitForStatusAsync(_grains, id, NotificationStatus.DeadLettered, tenant: tenant);

        // Every grain involved reads its state back from PostgreSQL.
        await _grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var listed = Assert.Single((await _grains.GetGrain<IDeadLetterCatalogGrain>(tenant).List(new DeadLetterQuery())).Items);
        Assert.Equal((id, Channel.Sms), (listed.NotificationId, Assert.Single(listed.Channels)));
        Assert.Equal(IdempotencyOutcome.Replayed, (await key.Submit(request, "pg-key")).Outcome);
        Assert.Equal(ChangeOutcome.Done, (await _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, id)).Replay("ops")).Outcome);
        await WaitForStatusAsync(_grains, id, NotificationStatus.Sent, tenant: tenant);
        Assert.Empty((await _grains.GetGrain<IDeadLetterCatalogGrain>(tenant).List(new DeadLetterQuery())).Items);
    }
}
