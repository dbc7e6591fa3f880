using Microsoft.Extensions.Time.Testing;
using Notifications.Contracts;
using Notifications.Domain.Policy;

namespace Notifications.UnitTests.Policy;

public sealed class RecipientPolicyTests
{
    private const string Subscription = """{"endpoint":"https://push.example.com/s/1","keys":{"p256dh":"BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM","auth":"tBHItJI5svbpez7KI4CCXg"}}""";

    private static readonly UserProfile Ada = new(
        "Ada", "ada@example.com", "+14155550123", "en", "Europe/Berlin",
        ["fcm:token-phone", "apns:0a1b2c"], [Subscription]);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-14T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static PlanRequest Request(string category = "transactional", Priority priority = Priority.Standard, params Channel[] channels) =>
        new($"n-{Guid.NewGuid():N}", "welcome", category, priority, channels.Length == 0 ? [Channel.Email] : channels);

    private static Recipient RecipientWith(
        UserProfile? profile = null,
        UserPreferences? preferences = null,
        string[]? unsubscribed = null,
        string[]? optedOut = null,
        Dictionary<Channel, IReadOnlyList<DateTimeOffset>>? sends = null) =>
        new("ada", profile ?? Ada, preferences ?? UserPreferences.None, (unsubscribed ?? []).ToHashSet(), (optedOut ?? []).ToHashSet(), sends ?? []);

    private RecipientPolicy Policy(PolicyOptions? options = null) => new(PolicySettings.From(options ?? new PolicyOptions()), _clock);

    private static UserPreferences Category(string name, Channel channel, bool enabled, params Channel[] order) =>
        new(Categories: new Dictionary<string, CategoryPreference>
        {
            [name] = new(new Dictionary<Channel, bool> { [channel] = enabled }, order.Length == 0 ? null : order),
        });

    private static UserPreferences QuietAllDay(params Channel[] channels) =>
        new(QuietHours: [new QuietWindow(Enum.GetValues<DayOfWeek>(), new TimeOnly(0, 0), new TimeOnly(23, 59), channels.Length == 0 ? null : channels)]);

    [Fact]
    public void Routes_follow_the_requested_order_and_skip_channels_without_an_address()
    {
        var plan = Policy().Decide(RecipientWith(new UserProfile(Email: "ada@example.com")), Request(channels: [Channel.Sms, Channel.Email])).Plan;

        Assert.Equal(PlanDecision.Send, plan.Decision);
        Assert.Equal([new ChannelRoute(Channel.Email, "ada@example.com")], plan.Routes);
    }

    [Fact]
    public void No_address_at_all_suppresses_with_its_reason()
    {
        var plan = Policy().Decide(RecipientWith(new UserProfile(Name: "Ada")), Request(channels: [Channel.Email, Channel.Sms])).Plan;

        Assert.Equal((PlanDecision.Suppress, StatusReasons.NoAddress), (plan.Decision, plan.Reason));
    }

    [Fact]
    public void Push_and_web_push_have_a_route_per_device_and_subscription_and_in_app_goes_to_the_inbox()
    {
        var plan = Policy().Decide(RecipientWith(), Request(channels: [Channel.Push, Channel.WebPush, Channel.InApp])).Plan;

        Assert.Equal(
            [
                new ChannelRoute(Channel.Push, "fcm:token-phone"), new ChannelRoute(Channel.Push, "apns:0a1b2c"),
                new ChannelRoute(Channel.WebPush, Subscription), new ChannelRoute(Channel.InApp, "inbox"),
            ],
            plan.Routes);
    }

    [Fact]
    public void A_category_turned_off_on_a_channel_drops_that_channel_and_alone_suppresses_as_opted_out()
    {
        var preferences = Category("marketing", Channel.Email, false);

        var both = Policy().Decide(RecipientWith(preferences: preferences), Request("marketing", channels: [Channel.Email, Channel.Sms])).Plan;
        var emailOnly = Policy().Decide(RecipientWith(preferences: preferences), Request("marketing")).Plan;
        var otherCategory = Policy().Decide(RecipientWith(preferences: preferences), Request("transactional")).Plan;

        Assert.Equal([Channel.Sms], both.Routes.Select(route => route.Channel));
        Assert.Equal((PlanDecision.Suppress, StatusReasons.OptedOut), (emailOnly.Decision, emailOnly.Reason));
        Assert.Equal(PlanDecision.Send, otherCategory.Decision);
    }

    [Fact]
    public void A_category_left_by_an_unsubscribe_link_is_suppressed_as_unsubscribed()
    {
        var plan = Policy().Decide(
            RecipientWith(preferences: Category("marketing", Channel.Email, false), unsubscribed: ["marketing:email"]), Request("marketing")).Plan;

        Assert.Equal((PlanDecision.Suppress, StatusReasons.Unsubscribed), (plan.Decision, plan.Reason));
    }

    [Fact]
    public void The_global_opt_out_stops_everything_but_critical()
    {
        var preferences = new UserPreferences(OptOutNonCritical: true);

        var standard = Policy().Decide(RecipientWith(preferences: preferences), Request()).Plan;
        var critical = Policy().Decide(RecipientWith(preferences: preferences), Request(priority: Priority.Critical)).Plan;

        Assert.Equal((PlanDecision.Suppress, StatusReasons.OptedOut), (standard.Decision, standard.Reason));
        Assert.Equal(PlanDecision.Send, critical.Decision);
    }

    [Fact]
    public void Operator_defaults_apply_until_the_user_chooses_and_an_opt_in_category_starts_off()
    {
        var options = new PolicyOptions();
        options.Categories["marketing"] = new CategoryOptions { OptIn = true };
        options.Categories["digest"] = new CategoryOptions { Channels = { ["sms"] = false } };

        var marketing = Policy(options).Decide(RecipientWith(), Request("marketing")).Plan;
        var optedIn = Policy(options).Decide(RecipientWith(preferences: Category("marketing", Channel.Email, true)), Request("marketing")).Plan;
        var digest = Policy(options).Decide(RecipientWith(), Request("digest", channels: [Channel.Sms, Channel.Email])).Plan;
        var unknownCategory = Policy(options).Decide(RecipientWith(), Request("whatever")).Plan;

        Assert.Equal((PlanDecision.Suppress, StatusReasons.OptedOut), (marketing.Decision, marketing.Reason));
        Assert.Equal(PlanDecision.Send, optedIn.Decision);
        Assert.Equal([Channel.Email], digest.Routes.Select(route => route.Channel));
        Assert.Equal(PlanDecision.Send, unknownCategory.Decision);
    }

    [Fact]
    public void The_users_channel_order_wins_over_the_operators_which_wins_over_the_request()
    {
        var options = new PolicyOptions();
        options.Categories["alerts"] = new CategoryOptions { ChannelOrder = ["sms", "email"] };
        var request = Request("alerts", channels: [Channel.Email, Channel.Push, Channel.Sms]);

        var byOperator = Policy(options).Decide(RecipientWith(new UserProfile(Email: "a@example.com", Phone: "+14155550123", Devices: ["fcm:t"])), request).Plan;
        var byUser = Policy(options).Decide(
            RecipientWith(new UserProfile(Email: "a@example.com", Phone: "+14155550123", Devices: ["fcm:t"]), Category("alerts", Channel.Push, true, Channel.Push, Channel.Email)),
            request).Plan;

        Assert.Equal([Channel.Sms, Channel.Email, Channel.Push], byOperator.Routes.Select(route => route.Channel));
        Assert.Equal([Channel.Push, Channel.Email, Channel.Sms], byUser.Routes.Select(route => route.Channel));
    }

    [Fact]
    public void Critical_passes_category_opt_outs_but_never_an_sms_stop_or_an_unsubscribed_address()
    {
        var preferences = Category("security", Channel.Email, false);
        var recipient = RecipientWith(preferences: preferences, optedOut: ["sms:+14155550123"]);

        var critical = Policy().Decide(recipient, Request("security", Priority.Critical, Channel.Sms, Channel.Email)).Plan;
        var smsOnly = Policy().Decide(recipient, Request("security", Priority.Critical, Channel.Sms)).Plan;
        var emailGone = Policy().Decide(RecipientWith(optedOut: ["email:ada@example.com"]), Request("security", Priority.Critical)).Plan;

        Assert.Equal([new ChannelRoute(Channel.Email, "ada@example.com")], critical.Routes);
        Assert.Equal((PlanDecision.Suppress, StatusReasons.Unsubscribed), (smsOnly.Decision, smsOnly.Reason));
        Assert.Equal((PlanDecision.Suppress, StatusReasons.Unsubscribed), (emailGone.Decision, emailGone.Reason));
    }

    [Fact]
    public void An_opt_out_belongs_to_the_address_so_a_new_number_starts_clean()
    {
        var recipient = RecipientWith(Ada with { Phone = "+14155550999" }, optedOut: ["sms:+14155550123"]);

        Assert.Equal(PlanDecision.Send, Policy().Decide(recipient, Request(channels: Channel.Sms)).Plan.Decision);
    }

    [Fact]
    public void Quiet_hours_defer_until_they_end_and_the_instant_is_given()
    {
        var preferences = new UserPreferences(QuietHours: [new QuietWindow(Enum.GetValues<DayOfWeek>(), new TimeOnly(12, 0), new TimeOnly(14, 30))]);
        var policy = Policy();

        var inside = policy.Decide(RecipientWith(preferences: preferences), Request()).Plan;
        _clock.SetUtcNow(inside.DeferUntil!.Value);
        var after = policy.Decide(RecipientWith(preferences: preferences), Request()).Plan;

        Assert.Equal((PlanDecision.Defer, StatusReasons.QuietHours), (inside.Decision, inside.Reason));
        Assert.Equal(DateTimeOffset.Parse("2026-01-14T13:30:00Z", System.Globalization.CultureInfo.InvariantCulture), inside.DeferUntil); // 14:30 in Berlin
        Assert.Equal(PlanDecision.Send, after.Decision);
    }

    [Fact]
    public void Quiet_hours_on_one_channel_send_over_the_others_and_critical_ignores_them()
    {
        var pushQuiet = QuietAllDay(Channel.Push);

        var mixed = Policy().Decide(RecipientWith(preferences: pushQuiet), Request(channels: [Channel.Push, Channel.Email])).Plan;
        var critical = Policy().Decide(RecipientWith(preferences: QuietAllDay()), Request(priority: Priority.Critical, channels: Channel.Push)).Plan;

        Assert.Equal([Channel.Email], mixed.Routes.Select(route => route.Channel));
        Assert.Equal(PlanDecision.Send, critical.Decision);
    }

    [Fact]
    public void Over_budget_defers_until_the_oldest_send_leaves_the_window()
    {
        var options = new PolicyOptions { RateLimits = { ["push"] = new RateLimitOptions { Limit = 3, Window = TimeSpan.FromHours(1) } } };
        var now = _clock.GetUtcNow();
        var sends = new Dictionary<Channel, IReadOnlyList<DateTimeOffset>>
        {
            [Channel.Push] = [now.AddMinutes(-50), now.AddMinutes(-20), now.AddMinutes(-5), now.AddHours(-2)],
        };
        var policy = Policy(options);

        var full = policy.Decide(RecipientWith(sends: sends), Request(channels: Channel.Push));
        _clock.Advance(TimeSpan.FromMinutes(10));
        var freed = policy.Decide(RecipientWith(sends: sends), Request(channels: Channel.Push));

        Assert.Equal((PlanDecision.Defer, StatusReasons.RateLimited, now.AddMinutes(10)), (full.Plan.Decision, full.Plan.Reason, full.Plan.DeferUntil));
        Assert.Null(full.ChargedChannel);
        Assert.Equal(PlanDecision.Send, freed.Plan.Decision);
        Assert.Equal(Channel.Push, freed.ChargedChannel);
    }

    [Fact]
    public void A_category_can_drop_instead_and_carry_its_own_budget()
    {
        var options = new PolicyOptions { RateLimits = { ["email"] = new RateLimitOptions { Limit = 10, Window = TimeSpan.FromDays(1) } } };
        options.Categories["marketing"] = new CategoryOptions
        {
            RateLimits = { ["email"] = new RateLimitOptions { Limit = 2, Window = TimeSpan.FromDays(1) } },
            RateLimitAction = RateLimitAction.Drop,
        };
        var now = _clock.GetUtcNow();
        var sends = new Dictionary<Channel, IReadOnlyList<DateTimeOffset>> { [Channel.Email] = [now.AddHours(-3), now.AddHours(-1)] };

        var marketing = Policy(options).Decide(RecipientWith(sends: sends), Request("marketing")).Plan;
        var transactional = Policy(options).Decide(RecipientWith(sends: sends), Request("transactional")).Plan;
        var critical = Policy(options).Decide(RecipientWith(sends: sends), Request("marketing", Priority.Critical)).Plan;

        Assert.Equal((PlanDecision.Suppress, StatusReasons.RateLimited), (marketing.Decision, marketing.Reason));
        Assert.Equal(PlanDecision.Send, transactional.Decision);
        Assert.Equal(PlanDecision.Send, critical.Decision);
    }

    [Fact]
    public void Over_budget_on_one_channel_sends_over_the_next()
    {
        var options = new PolicyOptions { RateLimits = { ["sms"] = new RateLimitOptions { Limit = 1, Window = TimeSpan.FromHours(1) } } };
        var sends = new Dictionary<Channel, IReadOnlyList<DateTimeOffset>> { [Channel.Sms] = [_clock.GetUtcNow().AddMinutes(-1)] };

        var decision = Policy(options).Decide(RecipientWith(sends: sends), Request(channels: [Channel.Sms, Channel.Email]));

        Assert.Equal([Channel.Email], decision.Plan.Routes.Select(route => route.Channel));
        Assert.Null(decision.ChargedChannel); // email has no budget configured: nothing to count
    }

    [Fact]
    public void Configuration_mistakes_are_named_by_key()
    {
        var options = new PolicyOptions { RateLimits = { ["fax"] = new RateLimitOptions { Limit = 1, Window = TimeSpan.FromHours(1) }, ["push"] = new RateLimitOptions() } };
        options.Categories["Bad Name"] = new CategoryOptions();
        options.Categories["marketing"] = new CategoryOptions { ChannelOrder = ["pigeon"] };

        var error = Assert.Throws<ArgumentException>(() => PolicySettings.From(options));

        Assert.Contains("Notifications:Policy:RateLimits: 'fax'", error.Message);
        Assert.Contains("Notifications:Policy:RateLimits:push needs Limit", error.Message);
        Assert.Contains("Notifications:Policy:Categories:Bad Name", error.Message);
        Assert.Contains("Notifications:Policy:Categories:marketing:ChannelOrder: 'pigeon'", error.Message);
    }

    [Fact]
    public void The_in_app_channel_needs_no_address()
    {
        var plan = Policy().Decide(RecipientWith(new UserProfile(Name: "Ada")), Request(channels: [Channel.Email, Channel.InApp])).Plan;

        Assert.Equal(PlanDecision.Send, plan.Decision);
        Assert.Equal(Channel.InApp, Assert.Single(plan.Routes).Channel);
    }
}
