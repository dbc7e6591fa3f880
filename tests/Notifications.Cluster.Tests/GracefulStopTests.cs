using System.Collections.Concurrent;
using System.Diagnostics;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.Domain.Lifecycle;
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

    [Fact]
    public async Task A_stopping_silo_hands_its_unfinished_notifications_over()
    {
        await cluster.UpsertUserAsync("hopper", "hopper@drain.test");
        var leaving = cluster.Silos[1];
        var id = NotificationIds.New();

        // Work the leaving silo was doing when SIGTERM came: accepted and stored by it, not finished.
        var now = DateTimeOffset.UtcNow;
        // As the grain stores it at accept: with the template version it recorded (the folder's, version 1), which a
        // resumed delivery renders whatever version is active by then.
        var state = new GrainState<NotificationState>(new NotificationState
        {
            Request = new SendNotification("hopper", "welcome"),
            TemplateVersion = 1,
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

    [Fact]
    public async Task Stopping_a_silo_under_load_loses_nothing_and_the_other_finishes_its_work()
    {
        const int Notifications = 300;
        var users = Enumerable.Range(0, 30).Select(index => $"drain-{index}").ToArray();
        await Task.WhenAll(users.Select(user => cluster.UpsertUserAsync(user, $"{user}@drain.test")));
        var ids = Enumerable.Range(0, Notifications).Select(_ => NotificationIds.New()).ToArray();
        var leaving = cluster.Silos[1];

        // Submissions go on while the silo stops; one that fails is retried with the same id, as an API client would.
        var submitting = Parallel.ForEachAsync(ids.Select((id, index) => (id, index)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
            await cluster.SubmitAsync(item.id, new SendNotification(users[item.index % users.Length], "welcome", """{"plan":"Pro"}""")));
        await TestServices.WaitUntilAsync(() => Task.FromResult(leaving.Smtp.Messages.Count >= 10), TimeSpan.FromSeconds(120), "the leaving silo's first deliveries");
        var clock = Stopwatch.StartNew();
        await cluster.StopSiloAsync(leaving);
        var stoppedAfter = clock.Elapsed;
        var sentBeforeStop = cluster.Messages.Count;
        await submitting;

        // The lease is five minutes: only the hand-over can get the leaving silo's work done within this wait.
        var statuses = new ConcurrentDictionary<string, NotificationStatus>();
        try
        {
            await TestServices.WaitUntilAsync(async () =>
            {
                foreach (var id in ids.Where(id => !statuses.TryGetValue(id, out var status) || !StatusTransitions.IsTerminal(status)))
                {
                    if (await cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, id) is { } view)
                    {
                        statuses[id] = view.Status;
                    }
                }

                return ids.All(id => statuses.TryGetValue(id, out var status) && StatusTransitions.IsTerminal(status));
            }, TimeSpan.FromSeconds(60), "every accepted notification to reach a terminal status");
        }
        catch (Xunit.Sdk.XunitException)
        {
            report.Line(output, "Statuses seen: " + string.Join(", ", ids.GroupBy(id => statuses.TryGetValue(id, out var status) ? status.ToString() : "unknown").Select(group => $"{group.Key} {group.Count()}")));
            throw;
        }

        var sends = cluster.Messages.GroupBy(message => message.Message.Headers["X-Notification-Id"] ?? string.Empty).ToDictionary(group => group.Key, group => group.Count());
        report.Line(output, $"Graceful stop under load: {Notifications} accepted, {sentBeforeStop} sent before the silo stopped " +
            $"({leaving.Smtp.Messages.Count} by the leaving silo) in {stoppedAfter.TotalSeconds:0.0} s; all terminal " +
            $"{(clock.Elapsed - stoppedAfter).TotalSeconds:0.0} s later; sent twice: {sends.Count(pair => pair.Value > 1)}.");
        Assert.All(ids, id => Assert.Equal(NotificationStatus.Sent, statuses[id]));
        Assert.All(ids, id => Assert.True(sends.ContainsKey(id), $"{id} was never sent"));
    }
}
