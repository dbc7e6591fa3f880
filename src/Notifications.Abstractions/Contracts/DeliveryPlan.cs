namespace Notifications.Contracts;

/// <summary>What a notification asks of its recipient's grain: which channels it could use, and how urgent it is.</summary>
[GenerateSerializer, Immutable, Alias("notifications.plan-request")]
public sealed record PlanRequest(string NotificationId, string Type, string Category, Priority Priority, IReadOnlyList<Channel> Channels);

/// <summary>The recipient's one decision for a notification: send over these routes in order, wait, or do not send.</summary>
[GenerateSerializer, Immutable, Alias("notifications.delivery-plan")]
public sealed record DeliveryPlan(
    PlanDecision Decision,
    IReadOnlyList<ChannelRoute> Routes,
    UserProfile Recipient,
    DateTimeOffset? DeferUntil = null,
    string? Reason = null)
{
    public static DeliveryPlan Suppress(UserProfile recipient, string reason) => new(PlanDecision.Suppress, [], recipient, Reason: reason);
}

[GenerateSerializer, Alias("notifications.plan-decision")]
public enum PlanDecision
{
    Send = 0,
    Defer = 1,
    Suppress = 2,
}

/// <summary>One channel of a plan and the address to use on it (an email address, an E.164 number, a device token...).</summary>
[GenerateSerializer, Immutable, Alias("notifications.channel-route")]
public sealed record ChannelRoute(Channel Channel, string Address);

/// <summary>Why a notification was suppressed or deferred; recorded on the notification and in the user's history.</summary>
public static class StatusReasons
{
    public const string OptedOut = "opted_out";
    public const string QuietHours = "quiet_hours";
    public const string RateLimited = "rate_limited";
    public const string NoAddress = "no_address";
    public const string Unsubscribed = "unsubscribed";
    public const string UnknownUser = "unknown_user";
}
