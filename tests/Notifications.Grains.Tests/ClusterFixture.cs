using Microsoft.Extensions.Configuration;
using Notifications.Grains.Hosting;
using Notifications.Testing.Smtp;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests;

/// <summary>Two in-process silos on in-memory storage, sending email over SMTP to a real sink on loopback.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Tenant = "acme";

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Notifications:Email:Smtp:Host"] = "127.0.0.1",
                ["Notifications:Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Notifications:Email:Smtp:UseTls"] = "None",
                ["Notifications:Email:From"] = "Acme <no-reply@acme.test>",
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
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
