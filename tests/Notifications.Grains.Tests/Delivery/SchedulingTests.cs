using Notifications.Contracts;
using Notifications.Testing.Smtp;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

[Collection(FakeTimeDeliveryCollection.Name)]
public sealed class SchedulingTests(FakeTimeDeliveryFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_scheduled_notification_waits_and_is_sent_at_its_time()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        var due = fixture.Clock.GetUtcNow().AddHours(1);

        var accepted = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email], ScheduleAt: due));

        Assert.Equal((NotificationStatus.Scheduled, (DateTimeOffset?)due), (accepted.Notification!.Status, accepted.Notification.NextAttemptAt));
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(200);
        Assert.Equal(NotificationStatus.Scheduled, (await _grains.GetNotificationAsync(Tenant, accepted.Notification.Id))!.Status);
        Assert.Empty(fixture.Smtp.MessagesTo(email));

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var sent = await WaitForStatusAsync(_grains, accepted.Notification.Id, NotificationStatus.Sent);

        Assert.Equal(due, Assert.Single(sent.Attempts).At);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_cancelled_scheduled_notification_is_never_sent()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        var accepted = await _grains.SendNotificationAsync(
            Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email], ScheduleAt: fixture.Clock.GetUtcNow().AddHours(1)));
        var id = accepted.Notification!.Id;

        var cancelled = await _grains.CancelNotificationAsync(Tenant, id);
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(300);
        var again = await _grains.CancelNotificationAsync(Tenant, id);

        Assert.Equal(ChangeOutcome.Done, cancelled.Outcome);
        Assert.Equal((NotificationStatus.Cancelled, DeliveryReasons.CancelledByCaller), (cancelled.Notification!.Status, cancelled.Notification.StatusReason));
        Assert.Equal(NotificationStatus.Cancelled, (await _grains.GetNotificationAsync(Tenant, id))!.Status);
        Assert.Equal(ChangeOutcome.Conflict, again.Outcome);
        Assert.Empty(fixture.Smtp.MessagesTo(email));
        Assert.Equal(ChangeOutcome.NotFound, (await _grains.CancelNotificationAsync(Tenant, NotificationIds.New())).Outcome);
    }

    [Fact]
    public async Task Send_at_local_nine_lands_at_nine_on_each_recipients_wall_clock()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var (inBerlin, berlinEmail, _) = await CreateUserAsync(_grains, "Europe/Berlin");
        var (inNewYork, newYorkEmail, _) = await CreateUserAsync(_grains, "America/New_York");

        var toBerlin = await _grains.SendNotificationAsync(Tenant, new SendNotification(inBerlin, "welcome", Channels: [Channel.Email], SendAtLocal: "09:00"));
        var toNewYork = await _grains.SendNotificationAsync(Tenant, new SendNotification(inNewYork, "welcome", Channels: [Channel.Email], SendAtLocal: "09:00"));
        var berlinDue = toBerlin.Notification!.NextAttemptAt!.Value;
        var newYorkDue = toNewYork.Notification!.NextAttemptAt!.Value;

        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(berlinDue, berlin).DateTime));
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(newYorkDue, newYork).DateTime));
        Assert.InRange(newYorkDue - berlinDue, TimeSpan.FromHours(5), TimeSpan.FromHours(7));
        Assert.InRange(berlinDue - fixture.Clock.GetUtcNow(), TimeSpan.Zero, TimeSpan.FromDays(1));

        fixture.Clock.Advance(berlinDue - fixture.Clock.GetUtcNow());
        var berlinSent = await WaitForStatusAsync(_grains, toBerlin.Notification.Id, NotificationStatus.Sent);
        Assert.Equal(NotificationStatus.Scheduled, (await _grains.GetNotificationAsync(Tenant, toNewYork.Notification.Id))!.Status);
        fixture.Clock.Advance(newYorkDue - fixture.Clock.GetUtcNow());
        var newYorkSent = await WaitForStatusAsync(_grains, toNewYork.Notification.Id, NotificationStatus.Sent);

        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(berlinSent.Attempts[0].At, berlin).DateTime));
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(newYorkSent.Attempts[0].At, newYork).DateTime));
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(berlinEmail, 1, TimeSpan.FromSeconds(10)));
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(newYorkEmail, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_due_time_missed_while_nothing_ran_sends_at_once_when_the_notification_wakes()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        var accepted = await _grains.SendNotificationAsync(
            Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email], ScheduleAt: fixture.Clock.GetUtcNow().AddMinutes(10)));
        var grain = _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(Tenant, accepted.Notification!.Id));

        // The outage: the activation and its timer are gone while the due time passes.
        await fixture.Cluster.DeactivateAsync(grain);
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        var sent = await WaitForStatusAsync(_grains, accepted.Notification.Id, NotificationStatus.Sent);

        Assert.Equal(fixture.Clock.GetUtcNow(), Assert.Single(sent.Attempts).At);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Scheduling_fields_that_make_no_sense_are_refused()
    {
        var (userId, _, _) = await CreateUserAsync(_grains);

        var both = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", ScheduleAt: fixture.Clock.GetUtcNow(), SendAtLocal: "09:00"));
        var badTime = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", SendAtLocal: "9 am"));

        Assert.Equal(SubmitOutcome.Invalid, both.Outcome);
        Assert.Equal("sendAtLocal", Assert.Single(badTime.Errors).Field);
    }
}
