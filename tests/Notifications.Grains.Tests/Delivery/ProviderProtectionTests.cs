using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Contracts;
using Notifications.Domain.Delivery;
using Notifications.Grains.Providers;
using Notifications.Testing.Smtp;
using Orleans.TestingHost;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>
/// One silo on a fake clock whose SMS provider opens its breaker after two consecutive retryable failures and
/// half-opens after 30 seconds. Breakers are per silo: one silo makes the count deterministic.
/// </summary>
public sealed class BreakerFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 10, 5, 0, 0, TimeSpan.Zero));

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public FakeSmsProvider Sms { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public DeliveryGate Gate => Cluster.Silos[0].ServiceProvider.GetRequiredService<DeliveryGate>();

    public async Task InitializeAsync() =>
        Cluster = await StartAsync(new DeliveryClusterSettings(
            Silos: 1,
            Smtp,
            Sms,
            new Dictionary<string, string?>
            {
                ["Notifications:Delivery:Channels:sms:Provider"] = "fake-sms",
                ["Notifications:Delivery:Channels:sms:BaseDelay"] = "00:01:00",
                ["Notifications:Delivery:Providers:fake-sms:FailureThreshold"] = "2",
                ["Notifications:Delivery:Providers:fake-sms:BreakDuration"] = "00:00:30",
            },
            Clock,
            new ConstantRandom(0.5)));

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

public sealed class CircuitBreakerTests(BreakerFixture fixture) : IClassFixture<BreakerFixture>
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    [Fact]
    public async Task The_breaker_opens_after_consecutive_failures_holds_work_as_deferred_and_recovers()
    {
        var failing = new List<(string Id, string Phone)>();
        for (var i = 0; i < 2; i++)
        {
            var (userId, _, phone) = await CreateUserAsync(_grains);
            fixture.Sms.Script(phone, FakeSmsProvider.Status(503));
            var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms]))).Notification!.Id;
            await WaitForStatusAsync(_grains, id, NotificationStatus.Deferred);
            failing.Add((id, phone));
        }

        Assert.Equal(BreakerState.Open, fixture.Gate.BreakerState("fake-sms"));
        var (heldUser, _, heldPhone) = await CreateUserAsync(_grains);
        var held = (await _grains.SendNotificationAsync(Tenant, new SendNotification(heldUser, "welcome", Channels: [Channel.Sms]))).Notification!.Id;
        var deferred = await WaitForStatusAsync(_grains, held, NotificationStatus.Deferred);

        // Nothing was sent, nothing failed: the notification waits for the breaker's cool-down.
        Assert.Equal(DeliveryReasons.ProviderUnavailable, deferred.StatusReason);
        Assert.Empty(deferred.Attempts);
        Assert.Empty(fixture.Sms.RequestsTo(heldPhone));
        Assert.Equal(fixture.Clock.GetUtcNow().AddSeconds(30), deferred.NextAttemptAt);

        // The provider recovers; after the cool-down one trial goes through, closes the breaker, and the rest follow.
        foreach (var (_, phone) in failing)
        {
            fixture.Sms.Script(phone, FakeSmsProvider.Ok);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await WaitForAsync(_grains, held, view => view.Status is NotificationStatus.Sent or NotificationStatus.Deferred && view.NextAttemptAt != deferred.NextAttemptAt, "tried again");
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        foreach (var id in failing.Select(entry => entry.Id).Append(held))
        {
            await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);
        }

        Assert.Equal(BreakerState.Closed, fixture.Gate.BreakerState("fake-sms"));
        Assert.Single(fixture.Sms.RequestsTo(heldPhone));
        Assert.All(failing, entry => Assert.Equal(2, fixture.Sms.RequestsTo(entry.Phone).Count));
    }
}
