namespace Notifications.Channels.Sms;

/// <summary>Markers in <see cref="DeliveryResult.Error"/> that the SMS channel's callers act on.</summary>
public static class SmsFailures
{
    /// <summary>
    /// Starts the error of a permanent failure because the recipient replied STOP: the phone number is to be marked
    /// opted out of SMS (a legal opt-out that even critical notifications respect).
    /// </summary>
    public const string OptedOutPrefix = "opted_out:";

    /// <summary>Starts the error when the address is not an E.164 phone number.</summary>
    public const string InvalidNumberPrefix = "invalid_number:";

    public static bool IsOptedOut(DeliveryResult result) =>
        result.Outcome == DeliveryOutcome.PermanentFailure && result.Error?.StartsWith(OptedOutPrefix, StringComparison.Ordinal) == true;
}
