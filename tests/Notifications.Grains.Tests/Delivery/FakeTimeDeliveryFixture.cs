using Notifications.Contracts;
using Microsoft.Extensions.Time.Testing;
using Notifications.Testing.Http;
using Notifications.Testing.Smtp;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>
/// Two silos whose grains run on a fake clock, so waits of minutes or hours pass in an instant. Backoff jitter draws
/// 0.5 every time: a retry waits half its ceiling (SMS: 5 s, then 10 s, then 20 s...).
/// </summary>
public sealed class FakeTimeDeliveryFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 10, 5, 0, 0, TimeSpan.Zero));

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public FakeSmsProvider Sms { get; } = new();

    /// <summary>A callback receiver on loopback (allow-listed by address: callbacks may go there over http).</summary>
    public LoopbackHttpReceiver Callbacks { get; } = LoopbackHttpReceiver.Start();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = await DeliveryCluster.StartAsync(new DeliveryClusterSettings(
            Silos: 2,
            Smtp,
            Sms,
            new Dictionary<string, string?>
            {
                ["Notifications:Delivery:Channels:sms:MaxAttempts"] = "3",
                ["Notifications:Delivery:Channels:sms:BaseDelay"] = "00:00:10",
                ["Notifications:Delivery:Channels:sms:MaxDelay"] = "00:01:00",
                ["Notifications:Delivery:Channels:sms:MaxAge"] = "01:00:00",
                ["Notifications:Callbacks:AllowHttp"] = "true",
                ["Notifications:Callbacks:AllowedHosts:0"] = "127.0.0.1",
            },
            Clock,
            new ConstantRandom(0.5)));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
        await Callbacks.DisposeAsync();
    }
}

/// <summary>A <see cref="Random"/> that always draws the same number.</summary>
public sealed class ConstantRandom(double draw) : Random
{
    public override double NextDouble() => draw;
}

/// <summary>The tests that share the fake-clock cluster run one after another: they all move the same clock.</summary>
[CollectionDefinition(Name)]
public sealed class FakeTimeDeliveryCollection : ICollectionFixture<FakeTimeDeliveryFixture>
{
    public const string Name = "Delivery on a fake clock";
}
