using Orleans.Concurrency;

namespace Notifications.Grains;

/// <summary>
/// One notification and its lifecycle. Keyed <c>{tenant}/{notificationId}</c> (see <see cref="GrainKeys"/>).
/// </summary>
[Alias("notifications.INotificationGrain")]
public interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the request durably and starts delivery. Idempotent by the grain's id: submitting the same request again
    /// returns the stored notification and sends nothing more; a different request under the same id is refused.
    /// </summary>
    Task<SubmitResult> Submit(SendNotification request);

    /// <summary>The notification, or null if nothing was ever submitted under this id.</summary>
    [AlwaysInterleave]
    Task<NotificationView?> Get();
}
