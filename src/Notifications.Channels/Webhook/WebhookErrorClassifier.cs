using System.Net;

namespace Notifications.Channels.Webhook;

/// <summary>Maps a webhook receiver's answer to a <see cref="DeliveryResult"/>.</summary>
public static class WebhookErrorClassifier
{
    public static DeliveryResult Classify(HttpStatusCode status, DateTimeOffset? retryAfter)
    {
        var code = (int)status;
        return code switch
        {
            410 => DeliveryResult.AddressGone("The webhook receiver answered 410 Gone: the endpoint is disabled."),
            408 or 429 or >= 500 => DeliveryResult.RetryLater($"The webhook receiver answered {code}.", retryAfter),
            >= 300 and < 400 => DeliveryResult.Permanent($"The webhook receiver answered {code} (a redirect, which is not followed)."),
            >= 400 => DeliveryResult.Permanent($"The webhook receiver refused the call with {code}."),
            _ => DeliveryResult.RetryLater($"The webhook receiver gave an unexpected answer {code}.", retryAfter),
        };
    }
}
