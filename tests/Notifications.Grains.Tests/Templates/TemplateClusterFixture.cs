using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Grains.Hosting;
using Notifications.Templates.Versions;
using Notifications.Testing.Smtp;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests.Templates;

/// <summary>
/// Two in-process silos on in-memory storage, email to a real SMTP sink, and a <see cref="PlanGate"/> that can hold a
/// notification between its acceptance and its rendering. Each silo asks for the active version on every send, so
/// that a test sees an activation at once whichever silo a notification lands on.
/// </summary>
public sealed class TemplateClusterFixture : IAsyncLifetime
{
    public const string Tenant = "acme";

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Every silo's version cache, to count what the render path asked for.</summary>
    public IReadOnlyList<TemplateVersionCache> Caches =>
        [.. Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<TemplateVersionCache>())];

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
                ["Notifications:Templates:ActiveVersionRefresh"] = "00:00:00",
                ["Notifications:Templates:RenderTimeout"] = "00:00:10",
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
            silo.AddIncomingGrainCallFilter<PlanGate>();
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
