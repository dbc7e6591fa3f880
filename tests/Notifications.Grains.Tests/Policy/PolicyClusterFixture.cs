using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Grains.Hosting;
using Notifications.Testing.Smtp;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests.Policy;

/// <summary>
/// One in-process silo whose grains see a <see cref="FakeTimeProvider"/>: grain timers follow it (Orleans resolves the
/// grains' clock from the default <see cref="TimeProvider"/>), while the silo's own background loops and the reminder
/// service stay on real time. Email budget: 2 a day; transactional drops over budget, marketing (opt-in) defers.
/// </summary>
public sealed class PolicyClusterFixture : IAsyncLifetime
{
    public const string Tenant = "acme";

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    /// <summary>Starts on a Monday at noon UTC, in winter (no daylight-saving change for weeks).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 12, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Notifications:Email:Smtp:Host"] = "127.0.0.1",
                ["Notifications:Email:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Notifications:Email:Smtp:UseTls"] = "None",
                ["Notifications:Email:From"] = "Acme <no-reply@acme.test>",
                ["Notifications:Security:UnsubscribeKey"] = "grain-tests-unsubscribe-key-of-at-least-32-characters",
                ["Notifications:PublicBaseUrl"] = "https://notify.acme.test",
                ["Notifications:Policy:RateLimits:email:Limit"] = "2",
                ["Notifications:Policy:RateLimits:email:Window"] = "1.00:00:00",
                ["Notifications:Policy:Categories:transactional:RateLimitAction"] = "Drop",
                ["Notifications:Policy:Categories:marketing:OptIn"] = "true",
                ["Notifications:Policy:Categories:marketing:RateLimitAction"] = "Defer",
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
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
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
