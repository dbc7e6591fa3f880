using System.Net;

namespace Notifications.Channels.WebPush;

/// <summary>Maps a push service's answer (RFC 8030) to a <see cref="DeliveryResult"/>.</summary>
public static class WebPushErrorClassifier
{
    private const string Section = WebPushOptions.SectionName;

    public static DeliveryResult Classify(HttpStatusCode status, string? detail, DateTimeOffset? retryAfter)
    {
        var code = (int)status;
        var answer = $"push service {code}{(string.IsNullOrWhiteSpace(detail) ? string.Empty : $": {detail}")}";
        return code switch
        {
            404 or 410 => DeliveryResult.AddressGone($"The web push subscription has expired or was removed ({answer})"),
            413 => DeliveryResult.Permanent($"The web push payload is too large ({answer})"),
            401 or 403 => DeliveryResult.Permanent(
                $"Web push configuration error: the push service refused the VAPID authorization; check {Section}:PublicKey, {Section}:PrivateKey and {Section}:Subject ({answer})"),
            429 => DeliveryResult.RetryLater($"The push service is rate limiting ({answer})", retryAfter),
            >= 500 => DeliveryResult.RetryLater($"The push service is unavailable ({answer})", retryAfter),
            >= 400 => DeliveryResult.Permanent($"The push service refused the message ({answer})"),
            _ => DeliveryResult.RetryLater($"The push service gave an unexpected answer ({answer})", retryAfter),
        };
    }
}
