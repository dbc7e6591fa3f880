using System.Text.Json.Serialization;

namespace Notifications.Contracts;

/// <summary>One status model for every channel.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationStatus>))]
[GenerateSerializer, Alias("notifications.status")]
public enum NotificationStatus
{
    [JsonStringEnumMemberName("accepted")] Accepted = 0,
    [JsonStringEnumMemberName("scheduled")] Scheduled = 1,
    [JsonStringEnumMemberName("deferred")] Deferred = 2,
    [JsonStringEnumMemberName("sending")] Sending = 3,
    [JsonStringEnumMemberName("sent")] Sent = 4,
    [JsonStringEnumMemberName("delivered")] Delivered = 5,
    [JsonStringEnumMemberName("opened")] Opened = 6,
    [JsonStringEnumMemberName("clicked")] Clicked = 7,
    [JsonStringEnumMemberName("failed")] Failed = 8,
    [JsonStringEnumMemberName("dead_lettered")] DeadLettered = 9,
    [JsonStringEnumMemberName("cancelled")] Cancelled = 10,
    [JsonStringEnumMemberName("suppressed")] Suppressed = 11,
}

/// <summary>How a provider's answer is to be treated.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureKind>))]
[GenerateSerializer, Alias("notifications.failure-kind")]
public enum FailureKind
{
    /// <summary>Worth trying again later (4xx SMTP, 429, 5xx, a dropped connection).</summary>
    [JsonStringEnumMemberName("retryable")] Retryable = 0,

    /// <summary>Will never succeed as sent (5xx SMTP, an invalid number, a render error).</summary>
    [JsonStringEnumMemberName("permanent")] Permanent = 1,

    /// <summary>The address no longer exists (an unregistered push token, an expired subscription).</summary>
    [JsonStringEnumMemberName("address_gone")] AddressGone = 2,
}
