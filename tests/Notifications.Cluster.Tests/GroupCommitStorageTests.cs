using System.Text.Json;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.Grains.Notifications;
using Notifications.Persistence.Storage;
using Orleans.Storage;

namespace Notifications.Cluster.Tests;

/// <summary>The notifications' group-commit storage against a real PostgreSQL, through a running silo.</summary>
public sealed class GroupCommitStorageTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private const string StateName = "notification";

    private ClusterUnderTest Cluster => fixture.Cluster;

    private GroupCommitGrainStorage Storage => Cluster.Silos[0].NotificationStorage;

    [Fact]
    public async Task Concurrent_writers_are_committed_together_and_each_gets_its_own_version()
    {
        var grains = Enumerable.Range(0, 400).Select(_ => NewGrainId()).ToArray();
        var states = grains.Select(_ => new GrainState<NotificationState>(Accepted())).ToArray();
        var (batchesBefore, rowsBefore) = Storage.WriteStatistics;

        await Task.WhenAll(grains.Select((grain, index) => Storage.WriteStateAsync(StateName, grain, states[index])));
        await Task.WhenAll(grains.Select((grain, index) =>
        {
            states[index].State!.Status = NotificationStatus.Sent;
            return Storage.WriteStateAsync(StateName, grain, states[index]);
        }));

        var (batchesAfter, rowsAfter) = Storage.WriteStatistics;
        Assert.All(states, state => Assert.Equal("2", state.ETag));
        Assert.Equal(800, rowsAfter - rowsBefore);
        Assert.True(batchesAfter - batchesBefore < 400, $"800 concurrent writes took {batchesAfter - batchesBefore} batches: they were not grouped.");
        Assert.Equal(400, await Cluster.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification_state WHERE grain_id = ANY(@ids) AND version = 2 AND status = 'sent' AND wake_at IS NULL",
            ("ids", grains.Select(grain => grain.ToString()).ToArray())));
    }

    [Fact]
    public async Task A_write_based_on_a_stale_version_is_refused_and_the_newer_state_kept()
    {
        var grain = NewGrainId();
        var first = new GrainState<NotificationState>(Accepted());
        await Storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<NotificationState>(Accepted()) { ETag = first.ETag, RecordExists = true };

        first.State!.Status = NotificationStatus.Sending;
        await Storage.WriteStateAsync(StateName, grain, first);
        stale.State!.StatusReason = "from an older activation";

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale));
        var read = await ReadAsync(grain);
        Assert.Equal(NotificationStatus.Sending, read.State!.Status);
        Assert.Null(read.State!.StatusReason);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task Of_concurrent_writes_from_the_same_version_exactly_one_wins()
    {
        var grain = NewGrainId();
        var firstWrites = Enumerable.Range(0, 5).Select(_ => new GrainState<NotificationState>(Accepted())).ToArray();
        var firstOutcomes = await Outcomes(firstWrites.Select(state => Storage.WriteStateAsync(StateName, grain, state)));

        var version = (await ReadAsync(grain)).ETag;
        var updates = Enumerable.Range(0, 5).Select(index => new GrainState<NotificationState>(Accepted($"update {index}")) { ETag = version, RecordExists = true }).ToArray();
        var updateOutcomes = await Outcomes(updates.Select(state => Storage.WriteStateAsync(StateName, grain, state)));

        Assert.Equal(1, firstOutcomes.Count(outcome => outcome is null));
        Assert.All(firstOutcomes.OfType<Exception>(), error => Assert.IsType<InconsistentStateException>(error));
        Assert.Equal(1, updateOutcomes.Count(outcome => outcome is null));
        Assert.All(updateOutcomes.OfType<Exception>(), error => Assert.IsType<InconsistentStateException>(error));
        var winner = updates[Array.IndexOf(updateOutcomes, null)];
        Assert.Equal(winner.State!.StatusReason, (await ReadAsync(grain)).State!.StatusReason);
    }

    [Fact]
    public async Task A_notification_reads_back_whole_after_its_grain_is_deactivated()
    {
        await Cluster.UpsertUserAsync("ada", "ada@storage.test");
        var id = NotificationIds.New();
        await Cluster.SubmitAsync(id, new SendNotification("ada", "welcome", """{"plan":"Pro"}""", [Channel.Email], Priority.Critical));
        await TestServices.WaitUntilAsync(
            async () => (await Cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, id))?.Status == NotificationStatus.Sent,
            TimeSpan.FromSeconds(30), "the notification to be sent");
        var before = await Cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, id);

        await Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await Cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, id);

        Assert.Equivalent(before, after, strict: true);
        var stored = await ReadAsync(GrainId.Create("notification", GrainKeys.Compose(ClusterUnderTest.Tenant, id)));
        Assert.Equal(new SendNotification("ada", "welcome", """{"plan":"Pro"}""", [Channel.Email], Priority.Critical), stored.State!.Request,
            new RequestComparer());
        Assert.Single(Cluster.MessagesTo("ada@storage.test"));
    }

    [Fact]
    public async Task Unfinished_work_is_indexed_for_recovery_and_finished_work_is_not()
    {
        var due = DateTimeOffset.UtcNow.AddHours(1);
        var waiting = NewGrainId();
        var working = NewGrainId();
        var deferred = Accepted();
        deferred.Status = NotificationStatus.Deferred;
        deferred.NextAttemptAt = due;
        await Storage.WriteStateAsync(StateName, waiting, new GrainState<NotificationState>(deferred));
        await Storage.WriteStateAsync(StateName, working, new GrainState<NotificationState>(Accepted()));

        var waitingRow = await RowAsync(waiting);
        var workingRow = await RowAsync(working);

        Assert.Equal("deferred", waitingRow.GetProperty("status").GetString());
        Assert.Equal(due.ToUnixTimeMilliseconds(), waitingRow.GetProperty("due_at").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(1, (waitingRow.GetProperty("wake_at").GetDateTimeOffset() - due).TotalSeconds, precision: 1);
        Assert.Equal("accepted", workingRow.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, workingRow.GetProperty("due_at").ValueKind);
        Assert.InRange((workingRow.GetProperty("wake_at").GetDateTimeOffset() - workingRow.GetProperty("modified_at").GetDateTimeOffset()).TotalSeconds,
            ClusterUnderTest.Lease.TotalSeconds - 0.1, ClusterUnderTest.Lease.TotalSeconds + 0.1);
    }

    [Fact]
    public async Task Clearing_deletes_the_row_and_refuses_a_stale_version()
    {
        var grain = NewGrainId();
        var state = new GrainState<NotificationState>(Accepted());
        await Storage.WriteStateAsync(StateName, grain, state);
        var stale = new GrainState<NotificationState>(Accepted()) { ETag = state.ETag, RecordExists = true };
        await Storage.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, stale));
        await Storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(grain)).RecordExists);
        Assert.Equal(0, await Cluster.Database.ScalarAsync<long>("SELECT count(*) FROM notification_state WHERE grain_id = @id", ("id", grain.ToString())));
    }

    private static GrainId NewGrainId() => GrainId.Create("notification", GrainKeys.Compose(ClusterUnderTest.Tenant, NotificationIds.New()));

    private static NotificationState Accepted(string? reason = null) => new()
    {
        Request = new SendNotification("someone", "welcome"),
        Status = NotificationStatus.Accepted,
        StatusReason = reason,
        Channels = [Channel.Email],
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private async Task<GrainState<NotificationState>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<NotificationState>();
        await Storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private async Task<JsonElement> RowAsync(GrainId grain)
    {
        var json = await Cluster.Database.ScalarAsync<string>(
            "SELECT row_to_json(s)::text FROM (SELECT status, due_at, wake_at, modified_at FROM notification_state WHERE grain_id = @id) AS s",
            ("id", grain.ToString()));
        return JsonDocument.Parse(json!).RootElement;
    }

    private static async Task<Exception?[]> Outcomes(IEnumerable<Task> writes) => await Task.WhenAll(writes.Select(async write =>
    {
        try
        {
            await write;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }));

    private sealed class RequestComparer : IEqualityComparer<SendNotification?>
    {
        public bool Equals(SendNotification? x, SendNotification? y) =>
            x is not null && y is not null && x with { Channels = null } == y with { Channels = null }
            && (x.Channels ?? []).SequenceEqual(y.Channels ?? []);

        public int GetHashCode(SendNotification? obj) => obj?.UserId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}

/// <summary>One silo on a fresh database, shared by the tests of a class.</summary>
public sealed class OneSiloCluster : IAsyncLifetime
{
    public ClusterUnderTest Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await ClusterUnderTest.StartAsync(siloCount: 1);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
