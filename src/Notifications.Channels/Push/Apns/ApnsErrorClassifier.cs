using System.Net;

namespace Notifications.Channels.Push.Apns;

/// <summary>Maps an APNs error answer (status and <c>reason</c>) to a <see cref="DeliveryResult"/>.</summary>
public static class ApnsErrorClassifier
{
    public const string ExpiredProviderToken = "ExpiredProviderToken";

    private const string Section = ApnsOptions.SectionName;

    public static DeliveryResult Classify(HttpStatusCode status, string? reason, DateTimeOffset? retryAfter)
    {
        var answer = $"APNs {(int)status} {reason ?? "without a reason"}";
        return (reason, (int)status) switch
        {
            ("Unregistered", _) or (_, 410) => DeliveryResult.AddressGone($"The device token is no longer active ({answer})"),
            ("BadDeviceToken", _) => DeliveryResult.AddressGone($"The device token is not valid ({answer})"),
            ("DeviceTokenNotForTopic", _) => DeliveryResult.Permanent(
                $"The device token belongs to another app than {Section}:BundleId ({answer})"),
            ("PayloadTooLarge", _) or (_, 413) => DeliveryResult.Permanent($"The notification is larger than APNs accepts ({answer})"),
            (ExpiredProviderToken, _) => DeliveryResult.RetryLater($"APNs found the provider token expired; check the server clock ({answer})", retryAfter),
            ("InvalidProviderToken" or "MissingProviderToken" or "Forbidden", _) or (_, 403) => DeliveryResult.Permanent(
                $"Push configuration error: APNs refused the provider token; check {Section}:TeamId, {Section}:KeyId and the key ({answer})"),
            ("BadTopic" or "TopicDisallowed" or "MissingTopic", _) => DeliveryResult.Permanent(
                $"Push configuration error: check {Section}:BundleId ({answer})"),
            ("TooManyProviderTokenUpdates" or "TooManyRequests", _) or (_, 429) => DeliveryResult.RetryLater($"APNs is throttling ({answer})", retryAfter),
            (_, >= 500) => DeliveryResult.RetryLater($"APNs is unavailable ({answer})", retryAfter),
            (_, >= 400) => DeliveryResult.Permanent($"APNs refused the notification ({answer})"),
            _ => DeliveryResult.RetryLater($"APNs gave an unexpected answer ({answer})", retryAfter),
        };
    }
}
