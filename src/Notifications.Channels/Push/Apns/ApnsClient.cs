using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifications.Channels.Http;

namespace Notifications.Channels.Push.Apns;

/// <summary>
/// Sends to one APNs device token over HTTP/2 (<c>POST /3/device/{token}</c>) with a shared ES256 provider token.
/// The named HttpClient's handler is one long-lived <see cref="SocketsHttpHandler"/>: APNs wants few, lasting connections.
/// </summary>
public sealed class ApnsClient(IHttpClientFactory clients, ApnsOptions options, ApnsProviderToken providerToken, TimeProvider time)
    : IPushServiceClient
{
    public const string HttpClientName = "Notifications.Push.Apns";
    private const int MaxCollapseIdBytes = 64;

    private readonly Uri baseAddress = ProviderUrls.BaseAddress(options.EffectiveBaseUrl);

    public async Task<DeliveryResult> SendAsync(string deviceToken, OutboundMessage message, CancellationToken ct)
    {
        if (deviceToken.Length is < 32 or > 200 || !deviceToken.All(char.IsAsciiHexDigit))
        {
            return DeliveryResult.AddressGone("The APNs device token is not a hexadecimal token.");
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(ApnsPayload.Build(message));
        if (payload.Length > ApnsPayload.MaxBytes)
        {
            return DeliveryResult.Permanent($"The notification is {payload.Length} bytes; APNs accepts at most {ApnsPayload.MaxBytes}.");
        }

        try
        {
            var client = clients.CreateClient(HttpClientName);
            var jwt = providerToken.Current;
            using var response = await PostAsync(client, deviceToken, message, payload, jwt, ct);
            var (result, reason) = await ClassifyAsync(response, ct);
            if (reason != ApnsErrorClassifier.ExpiredProviderToken || providerToken.RenewAfterRejection(jwt) is not { } renewed)
            {
                return result;
            }

            using var retried = await PostAsync(client, deviceToken, message, payload, renewed, ct);
            return (await ClassifyAsync(retried, ct)).Result;
        }
        catch (Exception exception) when (TransportFailures.IsClassifiable(exception, ct))
        {
            return TransportFailures.Classify(exception, "APNs");
        }
    }

    private async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string deviceToken, OutboundMessage message, byte[] payload, string jwt, CancellationToken ct)
    {
        var alert = ApnsPayload.IsAlert(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, $"3/device/{deviceToken.ToLowerInvariant()}"))
        {
            // Per request: HttpClient's default version only applies to its convenience methods.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(payload),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var headers = request.Headers;
        headers.Authorization = new AuthenticationHeaderValue("bearer", jwt);
        headers.Add("apns-topic", options.BundleId!);
        headers.Add("apns-push-type", alert ? "alert" : "background");
        // Apple requires priority 5 for background pushes; bulk alerts may be batched to save the battery.
        headers.Add("apns-priority", alert && message.Priority != Priority.Bulk ? "10" : "5");
        headers.Add("apns-expiration", (time.GetUtcNow() + TimeSpan.FromSeconds(options.TimeToLiveSeconds)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        headers.Add("apns-collapse-id", CollapseId(message.NotificationId));
        headers.Add("apns-id", ApnsId(message.NotificationId));
        return await client.SendAsync(request, ct);
    }

    private async Task<(DeliveryResult Result, string? Reason)> ClassifyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (DeliveryResult.Sent(response.Headers.TryGetValues("apns-id", out var ids) ? ids.FirstOrDefault() : null), null);
        }

        var reason = ReasonOf(await response.Content.ReadAsStringAsync(ct));
        return (ApnsErrorClassifier.Classify(response.StatusCode, reason, RetryAfter.From(response, time)), reason);
    }

    private static string? ReasonOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
                ? reason.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A retried attempt carries the same collapse id, so a device that got the first one shows the notification once.
    /// </summary>
    internal static string CollapseId(string notificationId) =>
        Encoding.UTF8.GetByteCount(notificationId) <= MaxCollapseIdBytes && notificationId.All(c => c is > ' ' and < '\u007f')
            ? notificationId
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)));

    /// <summary>APNs ids are UUIDs: the notification id itself when it is one (ours are UUIDv7), else one derived from it.</summary>
    internal static string ApnsId(string notificationId) =>
        Guid.TryParse(notificationId, out var id)
            ? id.ToString("D")
            : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)).AsSpan(0, 16)).ToString("D");
}
