namespace Notifications.Channels.Sms;

/// <summary>
/// Maps the <c>MessageStatus</c> of a Twilio status callback to our status model. Callbacks can arrive out of order:
/// apply the result only when it moves the notification forward.
/// </summary>
public static class TwilioStatusMapper
{
    /// <summary>Our status for a Twilio message status, or null for statuses that say nothing about an outbound message.</summary>
    public static NotificationStatus? Map(string? messageStatus) => messageStatus?.Trim().ToLowerInvariant() switch
    {
        "accepted" or "scheduled" or "queued" or "sending" => NotificationStatus.Sending,
        "sent" => NotificationStatus.Sent,
        "delivered" or "partially_delivered" => NotificationStatus.Delivered,
        "read" => NotificationStatus.Opened,
        "undelivered" or "failed" => NotificationStatus.Failed,
        "canceled" => NotificationStatus.Cancelled,
        _ => null,
    };

    /// <summary>A readable reason for the <c>ErrorCode</c> of a failed or undelivered callback.</summary>
    public static string? DescribeError(string? errorCode) => errorCode?.Trim() switch
    {
        null or "" => null,
        "30003" => "30003 unreachable destination handset",
        "30004" => "30004 message blocked by the recipient",
        "30005" => "30005 unknown destination handset",
        "30006" => "30006 landline or unreachable carrier",
        "30007" => "30007 filtered by the carrier",
        "30008" => "30008 unknown error",
        var code => $"{code} (Twilio error code)",
    };
}
