using Notifications.Contracts;
using Notifications.Grains;
using Notifications.Testing.Smtp;

namespace Notifications.Grains.Tests.Policy;

/// <summary>
/// Deferred and rate-limited notifications through the real grains on a fake clock. Time moves only when a test advances
/// it; the polling below waits for grain turns to run, never for a time rule.
/// </summary>
public sealed class PolicyGrainTests(PolicyClusterFixture fixture) : IClassFixture<PolicyClusterFixture>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private readonly IGrainFactory _grains = fixture.Grains;

    private IUserGrain User(string userId) => _grains.GetGrain<IUserGrain>(GrainKeys.Compose(PolicyClusterFixture.Tenant, userId));

    private async Task<(string UserId, string Email)> CreateUserAsync(string? phone = null)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        var result = await _grains.UpsertUserAsync(
            PolicyClusterFixture.Tenant, userId, new UserProfile("Ada Lovelace", email, phone, "en", "Europe/Berlin"));
        Assert.True(result.IsValid);
        return (userId, email);
    }

    /// <summary>Sends by email only: the example types have templates for every channel, and only email has a provider here.</summary>
    private async Task<string> SendAsync(string userId, string type, Priority? priority = null)
    {
        var result = await _grains.SendNotificationAsync(
            PolicyClusterFixture.Tenant, new SendNotification(userId, type, Channels: [Channel.Email], Priority: priority));
        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        return result.Notification!.Id;
    }

    private async Task<NotificationView> WaitForAsync(string id, NotificationStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var view = await _grains.GetNotificationAsync(PolicyClusterFixture.Tenant, id);
            Assert.NotNull(view);
            if (view.Status == status)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Notification {id} is {view.Status} ({view.StatusReason}), not {status}.");
            await Task.Delay(20);
        }
    }

    /// <summary>The user's history entry for a notification, once the notification grain has recorded it.</summary>
    private async Task<HistoryEntry> HistoryEntryAsync(string userId, string id, NotificationStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var entry = (await User(userId).GetHistory(100, null)).Items.FirstOrDefault(item => item.NotificationId == id);
            if (entry?.Status == status)
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The history of {userId} has {entry?.Status.ToString() ?? "nothing"} for {id}, not {status}.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits until the notification is deferred and its grain finished deferring it: the history entry is written after
    /// the wake-up timer is armed, so the clock may be advanced from then on without racing the timer's creation.
    /// </summary>
    private async Task<NotificationView> DeferredAsync(string userId, string id)
    {
        var deferred = await WaitForAsync(id, NotificationStatus.Deferred);
        await HistoryEntryAsync(userId, id, NotificationStatus.Deferred);
        return deferred;
    }

    /// <summary>Quiet from half an hour ago to two hours from now, Berlin time, every day.</summary>
    private async Task QuietForTwoHoursAsync(string userId)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), Berlin).DateTime);
        var window = new QuietWindow(Enum.GetValues<DayOfWeek>(), local.AddMinutes(-30), local.AddHours(2));
        var result = await User(userId).UpdatePreferences(new PreferencesUpdate(new UserPreferences(QuietHours: [window]), Replace: true));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public async Task A_notification_in_quiet_hours_is_deferred_then_sent_when_they_end()
    {
        var (userId, email) = await CreateUserAsync();
        await QuietForTwoHoursAsync(userId);
        var end = fixture.Clock.GetUtcNow().AddHours(2);

        var id = await SendAsync(userId, "welcome");
        var deferred = await DeferredAsync(userId, id);

        Assert.Equal(StatusReasons.QuietHours, deferred.StatusReason);
        Assert.Equal(end.AddTicks(-(end.Ticks % TimeSpan.TicksPerMinute)), deferred.NextAttemptAt);
        Assert.Empty(deferred.Attempts);
        Assert.Empty(fixture.Smtp.MessagesTo(email));
        Assert.Equal(StatusReasons.QuietHours, (await HistoryEntryAsync(userId, id, NotificationStatus.Deferred)).StatusReason);

        fixture.Clock.SetUtcNow(deferred.NextAttemptAt!.Value);
        var sent = await WaitForAsync(id, NotificationStatus.Sent);

        Assert.Null(sent.NextAttemptAt);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
        await HistoryEntryAsync(userId, id, NotificationStatus.Sent);
    }

    [Fact]
    public async Task A_deferred_notification_whose_grain_was_deactivated_is_sent_when_next_activated_after_the_end()
    {
        var (userId, email) = await CreateUserAsync();
        await QuietForTwoHoursAsync(userId);
        var id = await SendAsync(userId, "welcome");
        var deferred = await DeferredAsync(userId, id);
        var grain = _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(PolicyClusterFixture.Tenant, id));

        await fixture.Cluster.DeactivateAsync(grain);
        fixture.Clock.SetUtcNow(deferred.NextAttemptAt!.Value.AddMinutes(5));

        // The activation the next call brings reads the stored wake-up instant, now past, and dispatches at once.
        await WaitForAsync(id, NotificationStatus.Sent);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Critical_notifications_pass_quiet_hours()
    {
        var (userId, email) = await CreateUserAsync();
        await QuietForTwoHoursAsync(userId);

        var id = await SendAsync(userId, "welcome", Priority.Critical);

        await WaitForAsync(id, NotificationStatus.Sent);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Over_budget_a_transactional_email_is_dropped_and_the_count_survives_deactivation()
    {
        var (userId, email) = await CreateUserAsync();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await WaitForAsync(await SendAsync(userId, "welcome"), NotificationStatus.Sent);
        }

        var third = await WaitForAsync(await SendAsync(userId, "welcome"), NotificationStatus.Suppressed);
        await fixture.Cluster.DeactivateAsync(User(userId));
        var afterDeactivation = await WaitForAsync(await SendAsync(userId, "welcome"), NotificationStatus.Suppressed);
        var critical = await WaitForAsync(await SendAsync(userId, "welcome", Priority.Critical), NotificationStatus.Sent);
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await WaitForAsync(await SendAsync(userId, "welcome"), NotificationStatus.Sent);

        Assert.Equal(StatusReasons.RateLimited, third.StatusReason);
        Assert.Equal(StatusReasons.RateLimited, afterDeactivation.StatusReason);
        Assert.Empty(third.Attempts);
        Assert.Equal(NotificationStatus.Sent, critical.Status);
        Assert.Equal(NotificationStatus.Sent, nextDay.Status);
        Assert.Equal(4, (await fixture.Smtp.WaitForMessagesToAsync(email, 4, TimeSpan.FromSeconds(10))).Count);
    }

    [Fact]
    public async Task Over_budget_a_marketing_email_waits_until_the_budget_frees_then_goes()
    {
        var (userId, email) = await CreateUserAsync();
        var optIn = await User(userId).UpdatePreferences(new PreferencesUpdate(
            new UserPreferences(Categories: new Dictionary<string, CategoryPreference>
            {
                ["marketing"] = new(new Dictionary<Channel, bool> { [Channel.Email] = true }),
            }),
            Replace: false));
        Assert.True(optIn.IsValid);

        var firstSentAt = fixture.Clock.GetUtcNow();
        await WaitForAsync(await SendAsync(userId, "newsletter"), NotificationStatus.Sent);
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await WaitForAsync(await SendAsync(userId, "newsletter"), NotificationStatus.Sent);
        var id = await SendAsync(userId, "newsletter");
        var deferred = await DeferredAsync(userId, id);

        Assert.Equal(StatusReasons.RateLimited, deferred.StatusReason);
        Assert.Equal(firstSentAt.AddDays(1), deferred.NextAttemptAt);
        Assert.Equal(2, fixture.Smtp.MessagesTo(email).Count);

        fixture.Clock.SetUtcNow(deferred.NextAttemptAt!.Value);
        await WaitForAsync(id, NotificationStatus.Sent);
        Assert.Equal(3, (await fixture.Smtp.WaitForMessagesToAsync(email, 3, TimeSpan.FromSeconds(10))).Count);
    }

    [Fact]
    public async Task A_plan_made_again_for_the_same_notification_counts_once_against_the_budget()
    {
        var (userId, _) = await CreateUserAsync();
        var user = User(userId);
        PlanRequest Request(string id) => new(id, "welcome", "transactional", Priority.Standard, [Channel.Email]);

        var first = await user.Plan(Request("n-1"));
        var again = await user.Plan(Request("n-1"));
        var second = await user.Plan(Request("n-2"));
        var third = await user.Plan(Request("n-3"));

        Assert.All([first, again, second], plan => Assert.Equal(PlanDecision.Send, plan.Decision));
        Assert.Equal((PlanDecision.Suppress, StatusReasons.RateLimited), (third.Decision, third.Reason));
    }

    [Fact]
    public async Task An_sms_stop_binds_even_critical_and_a_new_number_starts_clean()
    {
        var (userId, _) = await CreateUserAsync("+14155550123");
        var user = User(userId);

        await user.MarkOptedOut(Channel.Sms, null);
        var stopped = await user.Plan(new PlanRequest("n-1", "welcome", "transactional", Priority.Critical, [Channel.Sms]));
        await _grains.UpsertUserAsync(PolicyClusterFixture.Tenant, userId, new UserProfile(Phone: "+14155550999"));
        var newNumber = await user.Plan(new PlanRequest("n-2", "welcome", "transactional", Priority.Critical, [Channel.Sms]));
        await user.ClearOptOut(Channel.Sms, "+14155550123");

        Assert.Equal((PlanDecision.Suppress, StatusReasons.Unsubscribed), (stopped.Decision, stopped.Reason));
        Assert.Equal([new ChannelRoute(Channel.Sms, "+14155550999")], newNumber.Routes);
        Assert.Empty((await user.GetPreferences())!.OptedOutAddresses);
    }

    [Fact]
    public async Task An_address_a_provider_reports_gone_leaves_the_plan()
    {
        var (userId, _) = await CreateUserAsync();
        var user = User(userId);
        await user.AddAddress(Channel.Push, "fcm:token-one");
        await user.AddAddress(Channel.Push, "apns:0a1b2c");
        var request = new PlanRequest("n-1", "welcome", "transactional", Priority.Standard, [Channel.Push]);

        Assert.Equal(2, (await user.Plan(request)).Routes.Count);
        Assert.True(await user.RemoveAddress(Channel.Push, "fcm:token-one"));
        Assert.False(await user.RemoveAddress(Channel.Push, "fcm:token-one"));

        Assert.Equal([new ChannelRoute(Channel.Push, "apns:0a1b2c")], (await user.Plan(request)).Routes);
        Assert.Equal(["apns:0a1b2c"], (await user.GetProfile())!.Devices);
    }

    [Fact]
    public async Task Each_email_carries_a_signed_unsubscribe_link_to_the_public_address()
    {
        var (userId, email) = await CreateUserAsync();

        await WaitForAsync(await SendAsync(userId, "welcome", Priority.Critical), NotificationStatus.Sent);

        var message = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10))).Message;
        Assert.Matches("^<https://notify\\.acme\\.test/u/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>$", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }
}
