using Orleans.TestingHost;

namespace Notifications.Persistence.Tests.Infrastructure;

/// <summary>A fresh database and one silo on it, migrated by the silo itself at start-up, for one test class.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public string ServiceId { get; } = $"persistence-tests-{Guid.NewGuid():N}";

    public TestDatabase Database { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Cluster = await PostgresCluster.StartAsync(Database.ConnectionString, ServiceId);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
