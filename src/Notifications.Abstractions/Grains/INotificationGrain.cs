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

    /// <summary>
    /// <see cref="Submit"/> on behalf of <paramref name="caller"/>: the name whose secret signs the notification's status
    /// callbacks (see <see cref="ICallbackSigningGrain"/>; the API passes the API key's name). <see cref="Submit"/> is
    /// this with <see cref="StatusCallbackCallers.OrleansClient"/>.
    /// </summary>
    Task<SubmitResult> SubmitAs(SendNotification request, string caller);

    /// <summary>The notification, or null if nothing was ever submitted under this id.</summary>
    [AlwaysInterleave]
    Task<NotificationView?> Get();

    /// <summary>
    /// Cancels a notification that no provider has been given yet (accepted, scheduled or waiting for a retry): it
    /// becomes <see cref="NotificationStatus.Cancelled"/>. Refused (<see cref="ChangeOutcome.Conflict"/>) once it is
    /// being sent or has ended.
    /// </summary>
    Task<ChangeResult> Cancel();

    /// <summary>
    /// Starts a new attempt series for a dead-lettered notification, under the same id: it ends sent or dead-lettered
    /// again. <paramref name="actor"/> (who asked) is recorded.
    /// </summary>
    Task<ChangeResult> Replay(string actor);

    /// <summary>
    /// Gives up on a dead-lettered notification for good: it becomes <see cref="NotificationStatus.Cancelled"/> with
    /// reason <see cref="DeliveryReasons.Discarded"/>, and <paramref name="actor"/> and the time are recorded.
    /// </summary>
    Task<ChangeResult> Discard(string actor);

    /// <summary>
    /// Applies a provider's receipt for one of this notification's sent attempts, monotonically: a status that would
    /// move the notification backwards (a late "sent" after "delivered") or repeat it is ignored. An opted-out address
    /// in the receipt is recorded on the user even when the status changes nothing.
    /// </summary>
    Task<ReceiptOutcome> ApplyReceipt(ProviderReceipt receipt);
}
