using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifications.Channels.Http;

namespace Notifications.Channels.WebPush;

/// <summary>
/// Sends web push messages: the address is the browser's subscription JSON; the payload
/// <c>{"title","body","url","notificationId"}</c> is encrypted for it (RFC 8291) and signed for with VAPID (RFC 8292).
/// Endpoints come from browsers, so they pass the <see cref="EgressGuard"/>.
/// </summary>
public sealed class WebPushSender(
    IHttpClientFactory clients, WebPushOptions options, VapidAuthorization vapid, EgressGuard guard, TimeProvider time) : IChannelSender
{
    public const string HttpClientName = "Notifications.WebPush";

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (WebPushSubscription.TryParse(message.Address, out var problem) is not { } subscription)
        {
            return DeliveryResult.AddressGone(problem!);
        }

        if (guard.CheckUrl(subscription.Endpoint) is { } refusal)
        {
            return DeliveryResult.Permanent($"Refused to call the push service: {refusal}");
        }

        var payload = Payload(message);
        if (payload.Length > WebPushEncryption.MaxPlaintextBytes)
        {
            return DeliveryResult.Permanent(
                $"The web push payload is {payload.Length} bytes; at most {WebPushEncryption.MaxPlaintextBytes} fit in a push message.");
        }

        byte[] encrypted;
        try
        {
            encrypted = WebPushEncryption.Encrypt(payload, subscription.P256dh, subscription.Auth);
        }
        catch (CryptographicException)
        {
            return DeliveryResult.AddressGone("The web push subscription's p256dh key is not a point on the P-256 curve.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint)
        {
            Content = new ByteArrayContent(encrypted),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("Authorization", vapid.For(subscription.Endpoint));
        request.Headers.Add("TTL", options.TimeToLiveSeconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", UrgencyOf(message.Priority));
        request.Headers.Add("Topic", TopicOf(message.NotificationId));

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Sent(response.Headers.Location?.ToString());
            }

            var detail = await response.Content.ReadAsStringAsync(ct);
            return WebPushErrorClassifier.Classify(response.StatusCode, Shorten(detail), RetryAfter.From(response, time));
        }
        catch (Exception exception) when (TransportFailures.IsClassifiable(exception, ct))
        {
            return TransportFailures.Classify(exception, "the push service");
        }
    }

    internal static byte[] Payload(OutboundMessage message) => JsonSerializer.SerializeToUtf8Bytes(new WebPushPayload(
        message.Content.Title, message.Content.Body, message.Content.Url, message.NotificationId));

    private static string UrgencyOf(Priority priority) => priority switch
    {
        Priority.Critical => "high",
        Priority.Bulk => "low",
        _ => "normal",
    };

    /// <summary>
    /// A retried attempt replaces an undelivered earlier one at the push service: the topic is derived from the
    /// notification id (at most 32 base64url characters).
    /// </summary>
    internal static string TopicOf(string notificationId) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)))[..32];

    private static string? Shorten(string? text) => text is { Length: > 300 } ? text[..300] + "…" : text;
}

/// <summary>What the service worker receives: the fields it needs to show the notification and report on it.</summary>
internal sealed record WebPushPayload(
    [property: System.Text.Json.Serialization.JsonPropertyName("title")] string? Title,
    [property: System.Text.Json.Serialization.JsonPropertyName("body")] string? Body,
    [property: System.Text.Json.Serialization.JsonPropertyName("url")] string? Url,
    [property: System.Text.Json.Serialization.JsonPropertyName("notificationId")] string NotificationId);
