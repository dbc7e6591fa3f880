using Notifications.Contracts;
using Notifications.Grains.Idempotency;
using Notifications.Testing.Smtp;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

[Collection(FakeTimeDeliveryCollection.Name)]
public sealed class IdempotencyGrainTests(FakeTimeDeliveryFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private IIdempotencyGrain Key(string key) =>
        _grains.GetGrain<IIdempotencyGrain>(IdempotencyKeys.GrainKey(Tenant, "test-key", key));

    [Fact]
    public async Task The_same_key_and_request_twice_sends_once_and_answers_the_same()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        var request = new SendNotification(userId, "welcome", Channels: [Channel.Email]);
        var key = Key(Guid.NewGuid().ToString());

        var first = await key.Submit(request, "test-key");
        await WaitForStatusAsync(_grains, first.NotificationId!, NotificationStatus.Sent);
        var second = await key.Submit(request, "test-key");

        Assert.Equal(IdempotencyOutcome.Submitted, first.Outcome);
        Assert.Equal(IdempotencyOutcome.Replayed, second.Outcome);
        Assert.Equal((first.NotificationId, NotificationStatus.Accepted), (second.NotificationId, second.OriginalStatus!.Value));
        await Task.Delay(300);
        Assert.Single(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task Another_request_under_a_used_key_is_refused()
    {
        var (userId, _, _) = await CreateUserAsync(_grains);
        var key = Key(Guid.NewGuid().ToString());
        await key.Submit(new SendNotification(userId, "welcome", Channels: [Channel.Email]), "test-key");

        var other = await key.Submit(new SendNotification(userId, "order-shipped", Channels: [Channel.Email]), "test-key");

        Assert.Equal(IdempotencyOutcome.KeyReused, other.Outcome);
    }

    [Fact]
    public async Task Concurrent_duplicates_reach_one_notification()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        var request = new SendNotification(userId, "welcome", Channels: [Channel.Email]);
        var key = Key(Guid.NewGuid().ToString());

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => key.Submit(request, "test-key")));
        await WaitForStatusAsync(_grains, results[0].NotificationId!, NotificationStatus.Sent);

        Assert.Single(results, result => result.Outcome == IdempotencyOutcome.Submitted);
        Assert.Single(results.Select(result => result.NotificationId).Distinct());
        await Task.Delay(300);
        Assert.Single(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task A_key_is_remembered_for_a_day_then_starts_afresh()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        var request = new SendNotification(userId, "welcome", Channels: [Channel.Email]);
        var key = Key(Guid.NewGuid().ToString());
        var first = await key.Submit(request, "test-key");

        fixture.Clock.Advance(TimeSpan.FromHours(23));
        var withinTheDay = await key.Submit(request, "test-key");
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var nextDay = await key.Submit(request, "test-key");

        Assert.Equal(first.NotificationId, withinTheDay.NotificationId);
        Assert.Equal(IdempotencyOutcome.Submitted, nextDay.Outcome);
        Assert.NotEqual(first.NotificationId, nextDay.NotificationId);
        Assert.Equal(2, (await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10))).Count);
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_the_key()
    {
        var key = Key(Guid.NewGuid().ToString());
        var request = new SendNotification($"later-{Guid.NewGuid():N}", "welcome", Channels: [Channel.Email]);

        var refused = await key.Submit(request, "test-key");
        await _grains.UpsertUserAsync(Tenant, request.UserId, new UserProfile("Late User", $"{request.UserId}@example.com"));
        var accepted = await key.Submit(request, "test-key");

        Assert.Equal(SubmitOutcome.UnknownUser, refused.Result!.Outcome);
        Assert.Equal(IdempotencyOutcome.Submitted, accepted.Outcome);
        Assert.Equal(SubmitOutcome.Accepted, accepted.Result!.Outcome);
    }
}
