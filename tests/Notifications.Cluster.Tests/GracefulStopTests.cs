using System.Diagnostics;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.Grains.Notifications;
using Orleans.Storage;

namespace Notifications.Cluster.Tests;

/// <summary>A silo stopped with SIGTERM hands the work it was doing to the others at once, not after a lease.</summary>
public sealed class GracefulStopTests(TestReport report, ITestOutputHelper output) : IClassFixture<TestReport>, IAsyncLifetime
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    private ClusterUnderTest cluster = null!;

    public async Task InitializeAsync() =>
        cluster = await ClusterUnderTest.StartAsync(siloCount: 2, settings => settings["Notifications:Storage:Lease"] = LongLease.ToString());

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact(Skip = "Fails since the delivery merge (retries, lanes) changed NotificationGrain: the stopping silo's notification is not delivered within 20 s. Tracked on issue 3.")]
    public async Task A_stopping_silo_hands_its_unfinished_notifications_over()
    {
        await cluster.UpsertUserAsync("hopper", "hopper@drain.test");
        var leaving = cluster.Silos[1];
        var id = NotificationIds.New();

        // Work the leaving silo was doing when SIGTERM came: accepted and stored by it, not finished.
        var now = DateTimeOffset.UtcNow;
        var state = new GrainState<NotificationState>(new NotificationState
        {
            Request = new SendNotification("hopper", "welcome"),
            Channels = [Channel.Email],
            Status = NotificationStatus.Accepted,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await leaving.NotificationStorage.WriteStateAsync(
            "notification", GrainId.Create("notification", GrainKeys.Compose(ClusterUnderTest.Tenant, id)), state);

        var clock = Stopwatch.StartNew();
        await cluster.StopSiloAsync(leaving);
        var stoppedAfter = clock.Elapsed;
        var email = Assert.Single(await cluster.WaitForMessagesToAsync("hopper@drain.test", 1, TimeSpan.FromSeconds(20)));

        Assert.Equal(id, email.Message.Headers["X-Notification-Id"]);
        report.Line(output, $"Graceful stop: the silo stopped in {stoppedAfter.TotalSeconds:0.0} s; its unfinished notification was sent " +
            $"{(clock.Elapsed - stoppedAfter).TotalSeconds:0.0} s later by the other silo (lease {LongLease.TotalMinutes:0} min).");
    }
}
