using Notifications.Contracts;
using Notifications.Grains.Audit;
using Notifications.Grains.DeadLetters;
using Notifications.Testing.Smtp;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

[Collection(FakeTimeDeliveryCollection.Name)]
public sealed class FallbackAndDeadLetterTests(FakeTimeDeliveryFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_channel_that_fails_for_good_falls_back_to_the_next_route_in_order()
    {
        var (userId, email, phone) = await CreateUserAsync(_grains);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(400));

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms, Channel.Email]))).Notification!.Id;
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);

        Assert.Equal(
            [(Channel.Sms, NotificationStatus.Failed, (FailureKind?)FailureKind.Permanent), (Channel.Email, NotificationStatus.Sent, null)],
            sent.Attempts.Select(attempt => (attempt.Channel, attempt.Status, attempt.FailureKind)));
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_channel_out_of_retries_falls_back_too()
    {
        var (userId, email, phone) = await CreateUserAsync(_grains);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(503));

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms, Channel.Email]))).Notification!.Id;
        await WaitForAsync(_grains, id, view => view.Attempts.Count == 1 && view.Status == NotificationStatus.Deferred, "deferred once");
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        await WaitForAsync(_grains, id, view => view.Attempts.Count == 2 && view.Status == NotificationStatus.Deferred, "deferred twice");
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);

        // Three SMS attempts (the most allowed), then email.
        Assert.Equal([Channel.Sms, Channel.Sms, Channel.Sms, Channel.Email], sent.Attempts.Select(attempt => attempt.Channel));
        Assert.Equal(3, fixture.Sms.RequestsTo(phone).Count);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_dead_letter_keeps_its_attempts_and_a_replay_sends_it_under_the_same_id()
    {
        const string tenant = "replay-tenant";
        var (userId, email, phone) = await CreateUserAsync(_grains, tenant: tenant);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(400));
        fixture.Smtp.RejectRecipient(email, 550, "5.1.1 No such user");

        var id = (await _grains.SendNotificationAsync(tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms, Channel.Email]))).Notification!.Id;
        var dead = await WaitForStatusAsync(_grains, id, NotificationStatus.DeadLettered, tenant: tenant);

        Assert.Equal([Channel.Sms, Channel.Email], dead.Attempts.Select(attempt => attempt.Channel));
        Assert.Contains("550", dead.StatusReason);
        var listed = Assert.Single((await Catalog(tenant).List(new DeadLetterQuery())).Items);
        Assert.Equal((id, 2), (listed.NotificationId, listed.Attempts));
        Assert.Equal([Channel.Sms, Channel.Email], listed.Channels);

        fixture.Sms.Script(phone, FakeSmsProvider.Ok);
        var replay = await _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, id)).Replay("ops-key");
        Assert.Equal(ChangeOutcome.Done, replay.Outcome);
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent, tenant: tenant);

        Assert.Equal([(Channel.Sms, 1), (Channel.Email, 1), (Channel.Sms, 2)], sent.Attempts.Select(attempt => (attempt.Channel, attempt.Number)));
        Assert.Equal(NotificationStatus.Sent, sent.Attempts[^1].Status);
        Assert.Empty((await Catalog(tenant).List(new DeadLetterQuery())).Items);
        var audit = await _grains.AuditTrail(tenant, fixture.Clock.GetUtcNow()).List();
        Assert.Contains(audit, entry => entry is { Actor: "ops-key", Action: AuditActions.DeadLetterReplay } && entry.Target == id);
    }

    [Fact]
    public async Task A_replay_that_fails_again_is_dead_lettered_again()
    {
        const string tenant = "replay-again-tenant";
        var (userId, _, phone) = await CreateUserAsync(_grains, tenant: tenant);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(410));

        var id = (await _grains.SendNotificationAsync(tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms]))).Notification!.Id;
        await WaitForStatusAsync(_grains, id, NotificationStatus.DeadLettered, tenant: tenant);
        await _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, id)).Replay("ops-key");
        var again = await WaitForAsync(
            _grains, id, view => view is { Status: NotificationStatus.DeadLettered, Attempts.Count: 2 }, "dead-lettered twice", tenant: tenant);

        Assert.All(again.Attempts, attempt => Assert.Equal(FailureKind.AddressGone, attempt.FailureKind));
        Assert.Equal(id, Assert.Single((await Catalog(tenant).List(new DeadLetterQuery())).Items).NotificationId);
    }

    [Fact]
    public async Task A_discarded_dead_letter_is_cancelled_audited_and_no_longer_listed()
    {
        const string tenant = "discard-tenant";
        var (userId, _, phone) = await CreateUserAsync(_grains, tenant: tenant);
        fixture.Sms.Script(phone, FakeSmsProvider.Status(400));
        var id = (await _grains.SendNotificationAsync(tenant, new SendNotification(userId, "welcome", Channels: [Channel.Sms]))).Notification!.Id;
        await WaitForStatusAsync(_grains, id, NotificationStatus.DeadLettered, tenant: tenant);
        var grain = _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, id));

        var discarded = await grain.Discard("ops-key");
        var replay = await grain.Replay("ops-key");

        Assert.Equal(ChangeOutcome.Done, discarded.Outcome);
        Assert.Equal((NotificationStatus.Cancelled, DeliveryReasons.Discarded), (discarded.Notification!.Status, discarded.Notification.StatusReason));
        Assert.Equal(ChangeOutcome.Conflict, replay.Outcome);
        Assert.Empty((await Catalog(tenant).List(new DeadLetterQuery())).Items);
        var audit = await _grains.AuditTrail(tenant, fixture.Clock.GetUtcNow()).List();
        Assert.Contains(audit, entry => entry is { Actor: "ops-key", Action: AuditActions.DeadLetterDiscard } && entry.Target == id);
    }

    [Fact]
    public async Task Dead_letters_are_listed_newest_first_across_days_with_filters_and_cursor_pages()
    {
        const string tenant = "listing-tenant";
        var ids = new List<string>();
        for (var day = 0; day < 3; day++)
        {
            var (userId, _, phone) = await CreateUserAsync(_grains, tenant: tenant);
            fixture.Sms.Script(phone, FakeSmsProvider.Status(400));
            var id = (await _grains.SendNotificationAsync(tenant, new SendNotification(userId, day == 1 ? "order-shipped" : "welcome", Channels: [Channel.Sms]))).Notification!.Id;
            await WaitForStatusAsync(_grains, id, NotificationStatus.DeadLettered, tenant: tenant);
            ids.Add(id);
            fixture.Clock.Advance(TimeSpan.FromDays(1));
        }

        var first = await Catalog(tenant).List(new DeadLetterQuery(Limit: 2));
        var second = await Catalog(tenant).List(new DeadLetterQuery(Limit: 2, Cursor: first.NextCursor));
        var shipped = await Catalog(tenant).List(new DeadLetterQuery(Type: "order-shipped"));
        var byEmail = await Catalog(tenant).List(new DeadLetterQuery(Channel: Channel.Email));
        var lastTwoDays = await Catalog(tenant).List(new DeadLetterQuery(From: fixture.Clock.GetUtcNow().AddDays(-2)));

        Assert.Equal([ids[2], ids[1]], first.Items.Select(item => item.NotificationId));
        Assert.Equal([ids[0]], second.Items.Select(item => item.NotificationId));
        Assert.Null(second.NextCursor);
        Assert.Equal([ids[1]], shipped.Items.Select(item => item.NotificationId));
        Assert.Empty(byEmail.Items);
        Assert.Equal([ids[2], ids[1]], lastTwoDays.Items.Select(item => item.NotificationId));
    }

    private IDeadLetterCatalogGrain Catalog(string tenant) => _grains.GetGrain<IDeadLetterCatalogGrain>(tenant);
}
