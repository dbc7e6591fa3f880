using System.Net;

namespace Notifications.Channels.Sms;

/// <summary>
/// Maps Twilio's answer to a message create call (HTTP status and Twilio error code) to a <see cref="DeliveryResult"/>.
/// </summary>
public static class TwilioErrorClassifier
{
    /// <summary>Twilio's error code for a recipient who replied STOP, in a send's answer or a status callback.</summary>
    public const int StopErrorCode = 21610;

    private const string Section = TwilioOptions.SectionName;

    public static DeliveryResult Classify(HttpStatusCode status, int? code, string? message, DateTimeOffset? retryAt)
    {
        var answer = $"Twilio {(int)status}{(code is null ? string.Empty : $" error {code}")}: {message ?? "no message"}";
        return (code, (int)status) switch
        {
            (StopErrorCode, _) => DeliveryResult.Permanent($"{SmsFailures.OptedOutPrefix} the recipient replied STOP ({answer})"),
            (21211 or 21614 or 21612 or 21608, _) => DeliveryResult.Permanent($"The recipient cannot receive this SMS ({answer})"),
            (20003, _) or (_, 401) => DeliveryResult.Permanent(
                $"SMS configuration error: Twilio refused the credentials; check {Section}:AccountSid and {Section}:AuthToken ({answer})"),
            (21606 or 21659 or 21212, _) => DeliveryResult.Permanent(
                $"SMS configuration error: the sender cannot send this SMS; check {Section}:From or {Section}:MessagingServiceSid ({answer})"),
            (20404, _) or (_, 404) => DeliveryResult.Permanent(
                $"SMS configuration error: Twilio does not know the account; check {Section}:AccountSid and {Section}:BaseUrl ({answer})"),
            (20429, _) or (_, 429) => DeliveryResult.RetryLater($"Twilio is rate limiting ({answer})", retryAt),
            (_, >= 500) => DeliveryResult.RetryLater($"Twilio failed ({answer})", retryAt),
            (_, >= 400) => DeliveryResult.Permanent($"Twilio refused the message ({answer})"),
            _ => DeliveryResult.RetryLater($"Twilio gave an unexpected answer ({answer})", retryAt),
        };
    }
}
