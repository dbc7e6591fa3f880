using System.Net;
using Notifications.Channels.Http;

namespace Notifications.Channels.Push.Fcm;

/// <summary>Maps an FCM HTTP v1 error answer to a <see cref="DeliveryResult"/>.</summary>
public static class FcmErrorClassifier
{
    /// <summary>FCM asks for at least a minute of back-off when the quota is exceeded.</summary>
    public static readonly TimeSpan QuotaBackoff = TimeSpan.FromMinutes(1);

    private const string Section = FcmOptions.SectionName;

    public static DeliveryResult Classify(HttpStatusCode status, FcmError? error, DateTimeOffset? retryAfter, TimeProvider time)
    {
        var code = (int)status;
        var answer = $"FCM {code} {error?.ErrorCode ?? error?.Status ?? "without an error body"}: {error?.Message ?? "no message"}";
        return (error?.ErrorCode, code) switch
        {
            ("UNREGISTERED", _) => DeliveryResult.AddressGone($"The device token is no longer registered ({answer})"),
            ("SENDER_ID_MISMATCH", _) => DeliveryResult.AddressGone($"The device token belongs to another sender ({answer})"),
            ("INVALID_ARGUMENT", _) or (null, 400) when error?.ConcernsToken == true =>
                DeliveryResult.AddressGone($"The device token is not valid ({answer})"),
            ("INVALID_ARGUMENT", _) => DeliveryResult.Permanent($"FCM refused the message ({answer})"),
            ("QUOTA_EXCEEDED", _) or (_, 429) => DeliveryResult.RetryLater(
                $"FCM quota exceeded ({answer})", RetryAfter.AtLeast(retryAfter, QuotaBackoff, time)),
            ("THIRD_PARTY_AUTH_ERROR", _) => DeliveryResult.Permanent(
                $"Push configuration error: the APNs or web push credentials in the Firebase project were rejected ({answer})"),
            ("UNAVAILABLE" or "INTERNAL", _) or (_, >= 500) => DeliveryResult.RetryLater($"FCM is unavailable ({answer})", retryAfter),
            (_, 401) => DeliveryResult.Permanent(
                $"Push configuration error: FCM refused the access token; check {Section}:ServiceAccountJson ({answer})"),
            (_, 403) => DeliveryResult.Permanent(
                $"Push configuration error: the service account may not send for this project; check {Section}:ProjectId ({answer})"),
            (_, 404) when error?.Status == "NOT_FOUND" => DeliveryResult.AddressGone($"The device token was not found ({answer})"),
            (_, 404) => DeliveryResult.Permanent($"Push configuration error: FCM answered 404; check {Section}:BaseUrl and {Section}:ProjectId ({answer})"),
            (_, >= 400) => DeliveryResult.Permanent($"FCM refused the message ({answer})"),
            _ => DeliveryResult.RetryLater($"FCM gave an unexpected answer ({answer})", retryAfter),
        };
    }
}
