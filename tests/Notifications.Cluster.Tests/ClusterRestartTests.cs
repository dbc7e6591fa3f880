using Notifications.Cluster.Tests.Infrastructure;
using Notifications.Grains.Notifications;
using Orleans.Storage;

namespace Notifications.Cluster.Tests;

/// <summary>Stopping every silo and starting new ones loses nothing: state, and work scheduled for later, survive.</summary>
public sealed class ClusterRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan DeferredBy = TimeSpan.FromSeconds(8);

    private ClusterUnderTest cluster = null!;

    public async Task InitializeAsync() => cluster = await ClusterUnderTest.StartAsync(siloCount: 2);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task State_and_deferred_work_survive_a_restart_of_every_silo()
    {
        await cluster.UpsertUserAsync("grace", "grace@restart.test");
        var sentId = NotificationIds.New();
        await cluster.SubmitAsync(sentId, new SendNotification("grace", "welcome"));
        await cluster.WaitForMessagesToAsync("grace@restart.test", 1, TimeSpan.FromSeconds(30));
        await TestServices.WaitUntilAsync(
            async () => (await cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, sentId))?.Status == NotificationStatus.Sent,
            TimeSpan.FromSeconds(30), "the first notification to be recorded as sent");

        // A notification waiting for later, as a plan that defers leaves it: written straight to the storage, so
        // that no silo holds a timer for it and only what is stored can bring it back.
        var deferredId = NotificationIds.New();
        var due = DateTimeOffset.UtcNow + DeferredBy;
        await WriteDeferredAsync(deferredId, due);

        await cluster.StopEverythingAsync();
        Assert.Single(cluster.MessagesTo("grace@restart.test"));
        await cluster.StartSilosAsync(2);
        await cluster.ConnectClientAsync();

        var sent = await cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, sentId);
        Assert.NotNull(sent);
        Assert.Equal(NotificationStatus.Sent, sent.Status);
        Assert.Equal([(Channel.Email, NotificationStatus.Sent)], sent.Attempts.Select(attempt => (attempt.Channel, attempt.Status)));

        var emails = await cluster.WaitForMessagesToAsync("grace@restart.test", 2, DeferredBy + TimeSpan.FromSeconds(30));
        Assert.True(DateTimeOffset.UtcNow >= due, "The deferred notification was sent before it was due.");
        Assert.Equal(deferredId, emails[^1].Message.Headers["X-Notification-Id"]);
        await TestServices.WaitUntilAsync(
            async () => (await cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, deferredId))?.Status == NotificationStatus.Sent,
            TimeSpan.FromSeconds(15), "the deferred notification to be recorded as sent");
        Assert.Equal(2, cluster.MessagesTo("grace@restart.test").Count);
    }

    private async Task WriteDeferredAsync(string notificationId, DateTimeOffset due)
    {
        var now = DateTimeOffset.UtcNow;
        var state = new GrainState<NotificationState>(new NotificationState
        {
            Request = new SendNotification("grace", "welcome"),
            Priority = Priority.Standard,
            Category = "account",
            TemplateVersion = 1,
            Channels = [Channel.Email],
            Status = NotificationStatus.Deferred,
            StatusReason = StatusReasons.QuietHours,
            CreatedAt = now,
            UpdatedAt = now,
            NextAttemptAt = due,
        });
        var grainId = GrainId.Create("notification", GrainKeys.Compose(ClusterUnderTest.Tenant, notificationId));
        await cluster.Silos[0].NotificationStorage.WriteStateAsync("notification", grainId, state);
    }
}
