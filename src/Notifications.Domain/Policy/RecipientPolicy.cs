using Notifications.Domain.Preferences;
using Notifications.Domain.QuietHours;
using Notifications.Domain.RateLimits;

namespace Notifications.Domain.Policy;

/// <summary>
/// The one decision per notification: over which routes, in which order, now, later, or not at all. In this order:
/// <list type="number">
/// <item>A global opt-out of non-critical notifications suppresses (<c>opted_out</c>).</item>
/// <item>Channels are ordered by the category's preferred order; each keeps the addresses that have not opted out of
/// it for good (an SMS STOP, an unsubscribed email address: binding even on critical), and is dropped when the user
/// turned the category off on it (<c>opted_out</c>, or <c>unsubscribed</c> when that came from an unsubscribe link).
/// With no channel left the notification is suppressed with the strongest reason seen, <c>no_address</c> the weakest.</item>
/// <item>Channels inside the user's quiet hours wait; when all do, the notification is deferred until the first one
/// opens (<c>quiet_hours</c>).</item>
/// <item>Channels over their budget are dropped; when all are, the category's action applies: defer until the first
/// budget frees, or drop (<c>rate_limited</c> either way).</item>
/// </list>
/// Critical notifications skip everything but the binding opt-outs and missing addresses.
/// </summary>
public sealed class RecipientPolicy(PolicySettings settings, TimeProvider clock)
{
    // Ranked from the weakest: with several channels left out for different reasons, the strongest is reported.
    private static readonly string[] ReasonStrength = [StatusReasons.NoAddress, StatusReasons.OptedOut, StatusReasons.Unsubscribed];

    public PolicySettings Settings => settings;

    public PolicyDecision Decide(Recipient recipient, PlanRequest request)
    {
        var preferences = recipient.Preferences;
        var critical = request.Priority == Priority.Critical;
        var category = settings.Category(request.Category);
        if (!critical && preferences.OptOutNonCritical == true)
        {
            return Suppress(recipient, StatusReasons.OptedOut);
        }

        var routes = new List<ChannelRoute>();
        string? leftOut = null;
        foreach (var channel in PreferenceRules.Order(request.Channels, preferences, category, request.Category))
        {
            var addresses = AddressesOf(recipient, channel);
            var allowed = addresses.Where(address => !recipient.OptedOutAddresses.Contains(LegalOptOuts.Key(channel, address))).ToArray();
            if (addresses.Count == 0 || allowed.Length == 0)
            {
                leftOut = Stronger(leftOut, addresses.Count == 0 ? StatusReasons.NoAddress : StatusReasons.Unsubscribed);
                continue;
            }

            if (!critical && !PreferenceRules.IsEnabled(preferences, category, request.Category, channel))
            {
                var byLink = recipient.Unsubscribed.Contains(LegalOptOuts.UnsubscribeKey(request.Category, channel));
                leftOut = Stronger(leftOut, byLink ? StatusReasons.Unsubscribed : StatusReasons.OptedOut);
                continue;
            }

            routes.AddRange(allowed.Select(address => new ChannelRoute(channel, address)));
        }

        if (routes.Count == 0)
        {
            return Suppress(recipient, leftOut ?? StatusReasons.NoAddress);
        }

        if (critical)
        {
            return Send(recipient, routes);
        }

        var now = clock.GetUtcNow();
        if (preferences.QuietHours is { Count: > 0 } windows)
        {
            var zone = ZoneOf(recipient.Profile);
            var (awake, quietUntil) = Partition(routes, channel => QuietHoursCalendar.QuietUntil(windows, zone, channel, now));
            if (awake.Count == 0)
            {
                return Defer(recipient, quietUntil!.Value, StatusReasons.QuietHours);
            }

            routes = awake;
        }

        var (withinBudget, budgetFrees) = Partition(routes, channel =>
            settings.RateLimitFor(request.Category, channel) is { } limit
                ? RateWindow.FullUntil(recipient.Sends.GetValueOrDefault(channel) ?? [], limit, now)
                : null);
        if (withinBudget.Count == 0)
        {
            return settings.ActionFor(request.Category) == RateLimitAction.Drop
                ? Suppress(recipient, StatusReasons.RateLimited)
                : Defer(recipient, budgetFrees!.Value, StatusReasons.RateLimited);
        }

        return Send(recipient, withinBudget);
    }

    /// <summary>
    /// The addresses of a channel. Push and web push have one route per device or subscription; the in-app channel
    /// needs none (the user's inbox is the user's). A webhook goes to the user's webhook URL.
    /// </summary>
    public static IReadOnlyList<string> AddressesOf(Recipient recipient, Channel channel) => channel switch
    {
        Channel.Email => recipient.Profile.Email is { Length: > 0 } email ? [email] : [],
        Channel.Sms => recipient.Profile.Phone is { Length: > 0 } phone ? [phone] : [],
        Channel.Push => recipient.Profile.Devices ?? [],
        Channel.WebPush => recipient.Profile.WebPushSubscriptions ?? [],
        Channel.InApp => ["inbox"],
        Channel.Webhook => recipient.Profile.WebhookUrl is { Length: > 0 } url ? [url] : [],
        _ => [],
    };

    /// <summary>The user's zone; UTC when the user has none or it is unknown on this machine.</summary>
    public static TimeZoneInfo ZoneOf(UserProfile profile) =>
        profile.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Splits routes by channel into those <paramref name="blockedUntil"/> lets through and the first instant a blocked one opens.</summary>
    private static (List<ChannelRoute> Open, DateTimeOffset? FirstOpening) Partition(
        List<ChannelRoute> routes, Func<Channel, DateTimeOffset?> blockedUntil)
    {
        var open = new List<ChannelRoute>(routes.Count);
        DateTimeOffset? firstOpening = null;
        foreach (var channel in routes.Select(route => route.Channel).Distinct())
        {
            if (blockedUntil(channel) is { } until)
            {
                firstOpening = firstOpening is { } earlier && earlier < until ? earlier : until;
            }
            else
            {
                open.AddRange(routes.Where(route => route.Channel == channel));
            }
        }

        return (open, firstOpening);
    }

    private PolicyDecision Send(Recipient recipient, List<ChannelRoute> routes)
    {
        // The first route is the one expected to carry the notification; it is what the budget counts.
        var first = routes[0].Channel;
        var charged = settings.Horizon(first).Limit > 0 ? first : (Channel?)null;
        return new PolicyDecision(new DeliveryPlan(PlanDecision.Send, routes, recipient.Profile), charged);
    }

    private static PolicyDecision Suppress(Recipient recipient, string reason) =>
        new(DeliveryPlan.Suppress(recipient.Profile, reason), null);

    private static PolicyDecision Defer(Recipient recipient, DateTimeOffset until, string reason) =>
        new(new DeliveryPlan(PlanDecision.Defer, [], recipient.Profile, until, reason), null);

    private static string Stronger(string? current, string candidate) =>
        current is null || Array.IndexOf(ReasonStrength, candidate) > Array.IndexOf(ReasonStrength, current) ? candidate : current;
}
