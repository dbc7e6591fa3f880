using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2.Responses;
using Notifications.Channels.Http;

namespace Notifications.Channels.Push.Fcm;

/// <summary>Sends to one FCM registration token through the HTTP v1 API (<c>POST v1/projects/{id}/messages:send</c>).</summary>
public sealed class FcmClient(IHttpClientFactory clients, FcmOptions options, FcmCredential credential, TimeProvider time) : IPushServiceClient
{
    public const string HttpClientName = "Notifications.Push.Fcm";

    private readonly Uri sendUrl = new(
        ProviderUrls.BaseAddress(options.BaseUrl), $"v1/projects/{Uri.EscapeDataString(credential.ProjectId)}/messages:send");

    public async Task<DeliveryResult> SendAsync(string deviceToken, OutboundMessage message, CancellationToken ct)
    {
        var body = FcmMessageBuilder.Build(deviceToken, message);
        try
        {
            var client = clients.CreateClient(HttpClientName);
            var accessToken = await credential.GetAccessTokenAsync(ct);
            using var response = await PostAsync(client, body, accessToken, ct);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return await ClassifyAsync(response, ct);
            }

            var error = FcmError.Parse(await response.Content.ReadAsStringAsync(ct));
            if (error?.ErrorCode == "THIRD_PARTY_AUTH_ERROR")
            {
                return FcmErrorClassifier.Classify(response.StatusCode, error, RetryAfter.From(response, time), time);
            }

            // The cached token was revoked or expired early: one retry with a fresh one.
            accessToken = await credential.RefreshAccessTokenAsync(ct);
            using var retried = await PostAsync(client, body, accessToken, ct);
            return await ClassifyAsync(retried, ct);
        }
        catch (TokenResponseException refused) when (TransportFailures.IsClassifiable(refused, ct))
        {
            return ClassifyTokenFailure(refused);
        }
        catch (Exception exception) when (TransportFailures.IsClassifiable(exception, ct))
        {
            return TransportFailures.Classify(exception, "FCM");
        }
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body, string accessToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sendUrl) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request, ct);
    }

    private async Task<DeliveryResult> ClassifyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Sent(MessageName(text));
        }

        return FcmErrorClassifier.Classify(response.StatusCode, FcmError.Parse(text), RetryAfter.From(response, time), time);
    }

    private static string? MessageName(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DeliveryResult ClassifyTokenFailure(TokenResponseException refused)
    {
        var detail = $"{refused.Error?.Error}: {refused.Error?.ErrorDescription}";
        return (int?)refused.StatusCode is >= 500 or 429
            ? DeliveryResult.RetryLater($"The Google token endpoint is unavailable ({(int?)refused.StatusCode} {detail})")
            : DeliveryResult.Permanent(
                $"Push configuration error: Google refused the FCM service account ({detail}); check {FcmOptions.SectionName}:ServiceAccountJson");
    }
}
