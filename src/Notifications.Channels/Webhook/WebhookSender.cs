using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Notifications.Channels.Http;

namespace Notifications.Channels.Webhook;

/// <summary>
/// Posts the rendered JSON to the address (an https URL), signed per Standard Webhooks. The <c>webhook-id</c> is the
/// same on every attempt of a notification, so receivers can drop duplicates; the URL passes the <see cref="EgressGuard"/>.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, StandardWebhookSigner signer, EgressGuard guard, TimeProvider time)
    : IChannelSender
{
    public const string HttpClientName = "Notifications.Webhook";

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (!Uri.TryCreate(message.Address, UriKind.Absolute, out var url))
        {
            return DeliveryResult.Permanent("The webhook address is not an absolute URL.");
        }

        if (guard.CheckUrl(url) is { } refusal)
        {
            return DeliveryResult.Permanent($"Refused to call the webhook: {refusal}");
        }

        if (string.IsNullOrWhiteSpace(message.Content.Json))
        {
            return DeliveryResult.Permanent("The webhook has no JSON body to send.");
        }

        var id = WebhookIdOf(message);
        var body = message.Content.Json;
        var timestamp = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(StandardWebhookSigner.IdHeader, id);
        request.Headers.Add(StandardWebhookSigner.TimestampHeader, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhookSigner.SignatureHeader, signer.Sign(id, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Notifications.Orleans-Webhooks", "1.0"));

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return response.IsSuccessStatusCode
                ? DeliveryResult.Sent(id)
                : WebhookErrorClassifier.Classify(response.StatusCode, RetryAfter.From(response, time));
        }
        catch (Exception exception) when (TransportFailures.IsClassifiable(exception, ct))
        {
            return TransportFailures.Classify(exception, "the webhook receiver");
        }
    }

    /// <summary>
    /// Stable across attempts: the notification id and the channel (<see cref="OutboundMessage.IdempotencyKey"/>), or a
    /// hash of it when the id holds characters that cannot go in a header.
    /// </summary>
    public static string WebhookIdOf(OutboundMessage message)
    {
        var key = message.IdempotencyKey;
        return key.Length <= 200 && key.All(c => c is > ' ' and < '\u007f')
            ? key
            : "sha256_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];
    }
}
