namespace Notifications.Domain.Lifecycle;

/// <summary>
/// Which status may follow which. Provider receipts can arrive late and out of order (a Twilio "sent" after
/// "delivered"), so a transition that would move a notification backwards is refused rather than applied.
/// </summary>
public static class StatusTransitions
{
    private static readonly Dictionary<NotificationStatus, NotificationStatus[]> Allowed = new()
    {
        [NotificationStatus.Accepted] =
        [
            NotificationStatus.Scheduled, NotificationStatus.Deferred, NotificationStatus.Sending,
            NotificationStatus.Suppressed, NotificationStatus.Cancelled, NotificationStatus.Failed,
            NotificationStatus.DeadLettered,
        ],
        [NotificationStatus.Scheduled] =
        [
            NotificationStatus.Deferred, NotificationStatus.Sending, NotificationStatus.Suppressed,
            NotificationStatus.Cancelled, NotificationStatus.Failed, NotificationStatus.DeadLettered,
        ],
        [NotificationStatus.Deferred] =
        [
            NotificationStatus.Deferred, NotificationStatus.Sending, NotificationStatus.Suppressed,
            NotificationStatus.Cancelled, NotificationStatus.Failed, NotificationStatus.DeadLettered,
        ],
        [NotificationStatus.Sending] =
        [
            NotificationStatus.Sending, NotificationStatus.Deferred, NotificationStatus.Sent,
            NotificationStatus.Delivered, NotificationStatus.Failed, NotificationStatus.DeadLettered,
            NotificationStatus.Suppressed,
        ],
        [NotificationStatus.Sent] = [NotificationStatus.Delivered, NotificationStatus.Opened, NotificationStatus.Clicked, NotificationStatus.Failed],
        [NotificationStatus.Delivered] = [NotificationStatus.Opened, NotificationStatus.Clicked],
        [NotificationStatus.Opened] = [NotificationStatus.Clicked],
        [NotificationStatus.Clicked] = [],
        [NotificationStatus.Failed] = [NotificationStatus.DeadLettered],
        [NotificationStatus.DeadLettered] = [NotificationStatus.Sending, NotificationStatus.Cancelled],
        [NotificationStatus.Cancelled] = [],
        [NotificationStatus.Suppressed] = [],
    };

    public static bool CanMove(NotificationStatus from, NotificationStatus to) =>
        Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>True once nothing more will be attempted (receipts may still refine a sent notification).</summary>
    public static bool IsTerminal(NotificationStatus status) => status is
        NotificationStatus.Sent or NotificationStatus.Delivered or NotificationStatus.Opened or NotificationStatus.Clicked
        or NotificationStatus.Failed or NotificationStatus.DeadLettered or NotificationStatus.Cancelled or NotificationStatus.Suppressed;
}
