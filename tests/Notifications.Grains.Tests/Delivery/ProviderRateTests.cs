using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Contracts;
using Notifications.Grains.Providers;
using Notifications.Testing.Smtp;
using Orleans.TestingHost;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>
/// Two silos sharing an SMS provider limited to 40 sends per second across the cluster. The rate limiters run on a
/// fake clock that the test moves in 10 ms steps, waiting after each step until every send let through has reached
/// the provider: the measure is the limiters', not how busy this machine happens to be.
/// </summary>
public sealed class RateFixture : IAsyncLifetime
{
    public const string Provider = "rated-sms";
    public const double ClusterRate = 40;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 10, 5, 0, 0, TimeSpan.Zero));

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public FakeSmsProvider Sms { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public RateFixture() => Sms = new FakeSmsProvider(Clock);

    public IReadOnlyList<DeliveryGate> Gates => [.. Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<DeliveryGate>())];

    public async Task InitializeAsync() =>
        Cluster = await StartAsync(new DeliveryClusterSettings(
            Silos: 2,
            Smtp,
            Sms,
            new Dictionary<string, string?>
            {
                ["Notifications:Delivery:Channels:sms:Provider"] = Provider,
                ["Notifications:Delivery:Providers:rated-sms:RatePerSecond"] = ClusterRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Clock));

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

public sealed class ProviderRateTests(RateFixture fixture) : IClassFixture<RateFixture>
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    [Fact]
    public async Task The_cluster_wide_provider_rate_holds_within_ten_percent_across_two_silos()
    {
        var users = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            users.Add((await CreateUserAsync(_grains)).UserId);
        }

        var start = fixture.Clock.GetUtcNow();
        var submissions = Enumerable.Range(0, 240).Select(index =>
            _grains.SendNotificationAsync(Tenant, new SendNotification(users[index % users.Count], "welcome", Channels: [Channel.Sms])));
        var ids = (await Task.WhenAll(submissions)).Select(result => result.Notification!.Id).ToArray();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (fixture.Sms.Requests.Count < ids.Length)
        {
            if (DateTime.UtcNow > deadline)
            {
                var views = await Task.WhenAll(ids.Select(id => _grains.GetNotificationAsync(Tenant, id)));
                var stuck = views.Where(view => view!.Status != NotificationStatus.Sent).Select(view => $"{view!.Id} {view.Status} {view.StatusReason} next={view.NextAttemptAt:O} attempts={view.Attempts.Count}");
                Assert.Fail($"Only {fixture.Sms.Requests.Count} of {ids.Length} sends reached the provider by {fixture.Clock.GetUtcNow():O}: {string.Join("; ", stuck)}");
            }

            fixture.Clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
            await WaitUntilQuietAsync();
        }

        var perSecond = fixture.Sms.Requests
            .GroupBy(request => (int)(request.At - start).TotalSeconds)
            .OrderBy(second => second.Key)
            .Select(second => second.Count())
            .ToArray();

        // Each second while both silos still have work (the last two are the tail: one silo may have had a few less
        // notifications to send) within 10 % of the cluster-wide rate.
        Assert.True(perSecond.Length >= 6, $"The run took {perSecond.Length} s: {string.Join(", ", perSecond)}");
        Assert.All(perSecond[..^2], count => Assert.InRange(count, RateFixture.ClusterRate * 0.9, RateFixture.ClusterRate * 1.1));
        Assert.All(fixture.Gates, gate => Assert.Equal(RateFixture.ClusterRate / 2, gate.LocalRate(RateFixture.Provider)));
        Assert.All(fixture.Gates, gate => Assert.InRange(gate.RateTokensGranted(RateFixture.Provider)!.Value, 1, ids.Length - 1));
    }

    /// <summary>Waits (real time) until every send the limiters let through has reached the provider.</summary>
    private async Task WaitUntilQuietAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (fixture.Gates.Sum(gate => gate.RateTokensGranted(RateFixture.Provider)) > fixture.Sms.Requests.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, "Sends let through never reached the provider.");
            await Task.Delay(2);
        }
    }
}
