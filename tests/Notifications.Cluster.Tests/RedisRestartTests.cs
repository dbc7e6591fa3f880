using Notifications.Cluster.Tests.Infrastructure;

namespace Notifications.Cluster.Tests;

/// <summary>Redis keeps the membership (append-only file): when it restarts, the cluster carries on and can grow.</summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    private ClusterUnderTest cluster = null!;

    public async Task InitializeAsync() => cluster = await ClusterUnderTest.StartAsync(siloCount: 2);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task After_a_redis_restart_the_cluster_keeps_accepting_and_new_members_find_it()
    {
        await cluster.UpsertUserAsync("linus", "linus@redis.test");
        await SendAsync(count: 5);
        await cluster.WaitForMessagesToAsync("linus@redis.test", 5, TimeSpan.FromSeconds(30));

        await TestServices.RestartRedisAsync();

        // Work goes on over the connections silos already have...
        await SendAsync(count: 5);
        await cluster.WaitForMessagesToAsync("linus@redis.test", 10, TimeSpan.FromSeconds(30));

        // ...and what Redis kept lets newcomers find the cluster: a client reads the gateways, a silo joins.
        await cluster.DisconnectClientAsync();
        await cluster.ConnectClientAsync();
        await cluster.StartSiloAsync();
        await TestServices.WaitUntilAsync(
            async () => (await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 3,
            TimeSpan.FromSeconds(30), "three active silos");
        await SendAsync(count: 5);
        await cluster.WaitForMessagesToAsync("linus@redis.test", 15, TimeSpan.FromSeconds(30));
        Assert.Equal(15, cluster.MessagesTo("linus@redis.test").Count);
    }

    private Task SendAsync(int count) => Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
        cluster.SubmitAsync(NotificationIds.New(), new SendNotification("linus", "welcome"))));
}
