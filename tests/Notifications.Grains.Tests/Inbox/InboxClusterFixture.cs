using Microsoft.Extensions.Configuration;
using Notifications.Grains.Hosting;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests.Inbox;

/// <summary>Two in-process silos and a client, all with the inbox stream provider, as an API process in a cluster has it.</summary>
public sealed class InboxClusterFixture : IAsyncLifetime
{
    public const string Tenant = "acme";

    private readonly string _pickupDirectory = Path.Combine(Path.GetTempPath(), $"inbox-tests-{Guid.NewGuid():N}");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Notifications:Email:PickupDirectory"] = _pickupDirectory,
            });
            host.Services.AddNotificationsGrainServices(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in StorageNames.All)
            {
                silo.AddMemoryGrainStorage(name);
            }

            silo.UseInMemoryReminderService();
            silo.AddInboxStreams().AddMemoryGrainStorage(StorageNames.PubSub);
        });
        builder.ConfigureClient(client => client.AddInboxStreams());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(_pickupDirectory))
        {
            Directory.Delete(_pickupDirectory, recursive: true);
        }
    }
}
