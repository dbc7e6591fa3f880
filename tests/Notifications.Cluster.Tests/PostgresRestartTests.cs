using System.Collections.Concurrent;
using System.Diagnostics;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.Domain.Lifecycle;

namespace Notifications.Cluster.Tests;

/// <summary>
/// PostgreSQL restarts while notifications are being delivered: the storage writes and grain calls that fail make
/// each notification's grain try again by itself (after its dispatch retry delay), not wait for the sweeper's lease.
/// </summary>
public sealed class PostgresRestartTests(TestReport report, ITestOutputHelper output) : IClassFixture<TestReport>, IAsyncLifetime
{
    private const int Notifications = 300;

    /// <summary>Longer than the test waits: only the grains' own retries can finish what the restart interrupted.</summary>
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    private ClusterUnderTest cluster = null!;

    public async Task InitializeAsync() =>
        cluster = await ClusterUnderTest.StartAsync(siloCount: 2, settings => settings["Notifications:Storage:Lease"] = LongLease.ToString());

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_postgres_restart_mid_flight_loses_nothing_and_delivery_resumes_without_the_lease()
    {
        var users = Enumerable.Range(0, 30).Select(index => $"pg-{index}").ToArray();
        await Task.WhenAll(users.Select(user => cluster.UpsertUserAsync(user, $"{user}@pg.test")));
        var ids = Enumerable.Range(0, Notifications).Select(_ => NotificationIds.New()).ToArray();

        // Accepted first (the API answers 202 only once a notification is stored), then PostgreSQL goes away while they
        // are being delivered.
        var submitting = Parallel.ForEachAsync(ids.Select((id, index) => (id, index)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
            await cluster.SubmitAsync(item.id, new SendNotification(users[item.index % users.Length], "welcome", """{"plan":"Pro"}""")));
        await TestServices.WaitUntilAsync(() => Task.FromResult(cluster.Messages.Count >= 20), TimeSpan.FromSeconds(120), "the first deliveries");
        var clock = Stopwatch.StartNew();
        var sentBeforeRestart = cluster.Messages.Count;
        await TestServices.RestartPostgresAsync();
        var restartedAfter = clock.Elapsed;
        await submitting;

        var statuses = new ConcurrentDictionary<string, NotificationStatus>();
        try
        {
            await TestServices.WaitUntilAsync(async () =>
            {
                foreach (var id in ids.Where(id => !statuses.TryGetValue(id, out var status) || !StatusTransitions.IsTerminal(status)))
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
                        // An activation that could not read its state yet answers at the next poll.
                    }
                }

                return ids.All(id => statuses.TryGetValue(id, out var status) && StatusTransitions.IsTerminal(status));
            }, TimeSpan.FromSeconds(120), "every accepted notification to reach a terminal status");
        }
        catch (Xunit.Sdk.XunitException)
        {
            report.Line(output, "Statuses seen: " + string.Join(", ", ids.GroupBy(id => statuses.TryGetValue(id, out var status) ? status.ToString() : "unknown").Select(group => $"{group.Key} {group.Count()}")));
            throw;
        }

        var sends = cluster.Messages.GroupBy(message => message.Message.Headers["X-Notification-Id"] ?? string.Empty).ToDictionary(group => group.Key, group => group.Count());
        report.Line(output, $"PostgreSQL restart: {Notifications} accepted, {sentBeforeRestart} sent before the restart, which took " +
            $"{restartedAfter.TotalSeconds:0.0} s; all terminal {(clock.Elapsed - restartedAfter).TotalSeconds:0.0} s after it (lease {LongLease.TotalMinutes:0} min); " +
            $"sent twice: {sends.Count(pair => pair.Value > 1)}.");
        Assert.All(ids, id => Assert.Equal(NotificationStatus.Sent, statuses[id]));
        Assert.All(ids, id => Assert.True(sends.ContainsKey(id), $"{id} was never sent"));
    }
}
