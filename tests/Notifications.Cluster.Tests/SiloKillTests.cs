using System.Collections.Concurrent;
using System.Diagnostics;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.Domain.Lifecycle;

namespace Notifications.Cluster.Tests;

/// <summary>Invariant 1: once accepted, a notification reaches a terminal status even if a silo dies mid-flight.</summary>
public sealed class SiloKillTests(TestReport report, ITestOutputHelper output) : IClassFixture<TestReport>, IAsyncLifetime
{
    private const int Notifications = 1000;
    private const int Users = 50;
    private const string NotificationIdHeader = "X-Notification-Id";

    private ClusterUnderTest cluster = null!;

    public async Task InitializeAsync() => cluster = await ClusterUnderTest.StartAsync(siloCount: 2);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Killing_a_silo_while_notifications_are_in_flight_loses_none_of_them()
    {
        var users = Enumerable.Range(0, Users).Select(index => $"kill-{index}").ToArray();
        await Task.WhenAll(users.Select(user => cluster.UpsertUserAsync(user, $"{user}@kill.test")));
        var ids = Enumerable.Range(0, Notifications).Select(_ => NotificationIds.New()).ToArray();
        var clock = Stopwatch.StartNew();

        // Submissions go on while one silo dies; a submission that fails is retried with the same id, as an API client
        // that got no answer does. What counts is that every one of them ends up accepted and then delivered.
        var submitting = Parallel.ForEachAsync(ids.Select((id, index) => (id, index)), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (item, _) =>
            await cluster.SubmitAsync(item.id, new SendNotification(users[item.index % Users], "welcome", """{"plan":"Pro"}""")));
        await TestServices.WaitUntilAsync(() => Task.FromResult(cluster.Messages.Count >= 150), TimeSpan.FromSeconds(120), "the first deliveries");
        var victim = cluster.Silos[1];
        var deliveredBeforeKill = cluster.Messages.Count;
        var deliveredByVictim = victim.Smtp.Messages.Count;
        var killedAt = clock.Elapsed;
        await cluster.KillSiloAsync(victim);
        await submitting;
        var acceptedAt = clock.Elapsed;

        var statuses = new ConcurrentDictionary<string, NotificationStatus>();
        try
        {
            await TestServices.WaitUntilAsync(async () =>
            {
                await Parallel.ForEachAsync(ids.Where(id => !statuses.TryGetValue(id, out var status) || !StatusTransitions.IsTerminal(status)),
                    new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
                    {
                        try
                        {
                            if (await cluster.Client.GetNotificationAsync(ClusterUnderTest.Tenant, id) is { } view)
                            {
                                statuses[id] = view.Status;
                            }
                        }
                        catch (Exception exception) when (exception is TimeoutException or OrleansException)
                        {
                            // A grain that lived on the dead silo answers again once the cluster knows it is gone.
                        }
                    });
                return ids.All(id => statuses.TryGetValue(id, out var status) && StatusTransitions.IsTerminal(status));
            }, TimeSpan.FromSeconds(90), "every accepted notification to reach a terminal status");
        }
        catch (Xunit.Sdk.XunitException)
        {
            report.Line(output, "Statuses seen: " + string.Join(", ", ids.GroupBy(id => statuses.TryGetValue(id, out var status) ? status.ToString() : "unknown").Select(group => $"{group.Key} {group.Count()}")));
            report.Line(output, "Stored: " + await cluster.Database.ScalarAsync<string>(
                "SELECT string_agg(status || ' ' || n || ', next wake in ' || coalesce(wake, 'none'), '; ') FROM (SELECT status, count(*) AS n, (min(wake_at) - now())::text AS wake FROM notification_state GROUP BY status) AS s"));
            throw;
        }

        var terminalAt = clock.Elapsed;

        var sendsPerNotification = cluster.Messages
            .GroupBy(message => message.Message.Headers[NotificationIdHeader] ?? string.Empty)
            .ToDictionary(group => group.Key, group => group.Count());
        var lost = ids.Count(id => !sendsPerNotification.ContainsKey(id));
        var sentTwice = sendsPerNotification.Count(pair => pair.Value > 1);
        report.Line(output,
            $"Kill test: {Notifications} accepted, {deliveredBeforeKill} delivered before the kill at {killedAt.TotalSeconds:0.0} s " +
            $"({deliveredByVictim} of them by the killed silo), " +
            $"all accepted by {acceptedAt.TotalSeconds:0.0} s, all terminal by {terminalAt.TotalSeconds:0.0} s; " +
            $"lost: {lost}, sent twice: {sentTwice}, emails in all: {cluster.Messages.Count}.");

        Assert.True(deliveredBeforeKill < Notifications, "The silo was killed after everything was delivered: nothing was in flight.");
        Assert.All(ids, id => Assert.Equal(NotificationStatus.Sent, statuses[id]));
        Assert.Equal(0, lost);
    }
}
