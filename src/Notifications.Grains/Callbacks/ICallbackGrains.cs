namespace Notifications.Grains.Callbacks;

/// <summary>
/// The status callbacks of one notification, keyed <c>{tenant}/{notificationId}</c>: each status change is queued
/// durably and POSTed in order, signed per Standard Webhooks, retried for up to 24 hours, then recorded as failed.
/// </summary>
[Alias("notifications.IStatusCallbackGrain")]
public interface IStatusCallbackGrain : IGrainWithStringKey
{
    /// <summary>Queues a status change for its callback URL.</summary>
    Task Enqueue(StatusCallback callback);

    /// <summary>What became of each callback so far: delivered, failed, or still pending.</summary>
    Task<IReadOnlyList<CallbackDelivery>> GetDeliveries();
}

/// <summary>One status change to POST: where, signed with whose secret, and the JSON body.</summary>
[GenerateSerializer, Immutable, Alias("notifications.status-callback")]
public sealed record StatusCallback(string Url, string Caller, NotificationStatus Status, string Body, DateTimeOffset At);

[GenerateSerializer, Alias("notifications.callback-delivery-state")]
public enum CallbackDeliveryState
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>A callback's fate: its <c>webhook-id</c>, status, attempts so far and the last error.</summary>
[GenerateSerializer, Immutable, Alias("notifications.callback-delivery")]
public sealed record CallbackDelivery(
    string WebhookId,
    NotificationStatus Status,
    CallbackDeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError);
