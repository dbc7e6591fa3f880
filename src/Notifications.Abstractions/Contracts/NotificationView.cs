namespace Notifications.Contracts;

/// <summary>
/// A notification as its caller sees it: status, timestamps and every delivery attempt. <paramref name="NextAttemptAt"/>
/// is when a deferred or scheduled notification will next be tried.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.notification-view")]
public sealed record NotificationView(
    string Id,
    string UserId,
    string Type,
    Priority Priority,
    NotificationStatus Status,
    string? StatusReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DeliveryAttempt> Attempts,
    DateTimeOffset? NextAttemptAt = null,
    int? TemplateVersion = null);

/// <summary>One call to a provider for one channel: when, how it ended, and why it failed if it did.</summary>
[GenerateSerializer, Immutable, Alias("notifications.delivery-attempt")]
public sealed record DeliveryAttempt(
    Channel Channel,
    int Number,
    NotificationStatus Status,
    DateTimeOffset At,
    string? Error = null,
    FailureKind? FailureKind = null,
    string? ProviderMessageId = null);
