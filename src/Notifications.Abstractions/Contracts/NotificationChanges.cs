namespace Notifications.Contracts;

/// <summary>How a request to change an existing notification (cancel, replay, discard) ended.</summary>
[GenerateSerializer, Alias("notifications.change-outcome")]
public enum ChangeOutcome
{
    /// <summary>The change was made; the notification is returned as it now stands.</summary>
    Done = 0,

    /// <summary>Nothing was ever submitted under this id.</summary>
    NotFound = 1,

    /// <summary>The notification's status does not allow the change (already sent, not dead-lettered...); see the reason.</summary>
    Conflict = 2,
}

/// <summary>The answer to a change: the notification as it now stands, or why the change was refused.</summary>
[GenerateSerializer, Immutable, Alias("notifications.change-result")]
public sealed record ChangeResult(ChangeOutcome Outcome, NotificationView? Notification, string? Reason = null)
{
    public static ChangeResult NotFound() => new(ChangeOutcome.NotFound, null, "no such notification");

    public static ChangeResult Conflict(NotificationView notification, string reason) => new(ChangeOutcome.Conflict, notification, reason);
}

/// <summary>Status reasons set by delivery itself (retries, provider protection, dead letters).</summary>
public static class DeliveryReasons
{
    /// <summary>A provider asked to try again later: the notification waits for its next attempt.</summary>
    public const string RetryScheduled = "retry_scheduled";

    /// <summary>The provider's circuit breaker is open: nothing was sent, the notification waits for it to recover.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>An admin replayed a dead letter: a new attempt series has started.</summary>
    public const string Replayed = "replayed";

    /// <summary>An admin discarded a dead letter: it will never be sent.</summary>
    public const string Discarded = "dead_letter_discarded";

    /// <summary>The caller cancelled the notification before it was handed to a provider.</summary>
    public const string CancelledByCaller = "cancelled_by_caller";
}
