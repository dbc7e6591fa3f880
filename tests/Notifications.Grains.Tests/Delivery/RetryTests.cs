using Notifications.Contracts;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

[Collection(FakeTimeDeliveryCollection.Name)]
public sealed class RetryTests(FakeTimeDeliveryFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_provider_that_asks_to_wait_is_retried_on_the_backoff_with_the_same_idempotency_key()
    {
        var (userId, _, phone) = await CreateUserAsync(_grains);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(503), FakeSmsProvider.Status(503), FakeSmsProvider.Ok);

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms]))).Notification!.Id;

        var first = await WaitForAsync(_grains, id, view => view.Attempts.Count == 1 && view.Status == NotificationStatus.Deferred, "deferred after one attempt");
        Assert.Equal(DeliveryReasons.RetryScheduled, first.StatusReason);
        Assert.Equal(FailureKind.Retryable, first.Attempts[0].FailureKind);
        Assert.Equal(first.Attempts[0].At.AddSeconds(5), first.NextAttemptAt);

        fixture.Clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(200);
        Assert.Single((await _grains.GetNotificationAsync(Tenant, id))!.Attempts);

        fixture.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var second = await WaitForAsync(_grains, id, view => view.Attempts.Count == 2 && view.Status == NotificationStatus.Deferred, "deferred after two attempts");
        Assert.Equal(second.Attempts[1].At.AddSeconds(10), second.NextAttemptAt);

        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);

        Assert.Equal([1, 2, 3], sent.Attempts.Select(attempt => attempt.Number));
        Assert.Equal([NotificationStatus.Failed, NotificationStatus.Failed, NotificationStatus.Sent], sent.Attempts.Select(attempt => attempt.Status));
        Assert.Null(sent.NextAttemptAt);
        var requests = fixture.Sms.RequestsTo(phone);
        Assert.Equal([1, 2, 3], requests.Select(request => request.Attempt));
        Assert.All(requests, request => Assert.Equal($"{id}:sms", request.IdempotencyKey));
    }

    [Fact]
    public async Task Retry_after_from_the_provider_sets_the_next_attempt()
    {
        var (userId, _, phone) = await CreateUserAsync(_grains);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(429, retryAfterSeconds: 120), FakeSmsProvider.Ok);

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms]))).Notification!.Id;
        var deferred = await WaitForStatusAsync(_grains, id, NotificationStatus.Deferred);

        Assert.Equal(deferred.Attempts[0].At.AddSeconds(120), deferred.NextAttemptAt);
        fixture.Clock.Advance(TimeSpan.FromSeconds(119));
        await Task.Delay(200);
        Assert.Equal(NotificationStatus.Deferred, (await _grains.GetNotificationAsync(Tenant, id))!.Status);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);
        Assert.Equal(deferred.NextAttemptAt, sent.Attempts[1].At);
    }
}
