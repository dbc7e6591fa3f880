using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Notifications.Channels.Http;
using Notifications.Channels.Webhook;

namespace Notifications.Grains.Callbacks;

/// <summary>
/// POSTs one status callback, signed per Standard Webhooks, through an HttpClient whose connections pass the
/// <see cref="EgressGuard"/> (checked after DNS, at connect time; redirects are not followed).
/// </summary>
public sealed class StatusCallbackSender(IHttpClientFactory clients, CallbackEgress egress, TimeProvider clock)
{
    public const string HttpClientName = "Notifications.StatusCallbacks";

    public async Task<CallbackResult> PostAsync(string url, string secret, string webhookId, string body, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target))
        {
            return CallbackResult.GiveUp("The callback URL is not an absolute URL.");
        }

        if (egress.Guard.CheckUrl(target) is { } refusal)
        {
            return CallbackResult.GiveUp($"Refused to call the callback URL: {refusal}");
        }

        StandardWebhookSigner signer;
        try
        {
            signer = new StandardWebhookSigner(secret);
        }
        catch (ArgumentException invalid)
        {
            return CallbackResult.GiveUp(invalid.Message);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in SignedHeaders(signer, webhookId, clock.GetUtcNow(), body))
        {
            request.Headers.Add(name, value);
        }

        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Notifications.Orleans-Callbacks", "1.0"));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? CallbackResult.Delivered
                : response.StatusCode == HttpStatusCode.Gone ? CallbackResult.GiveUp("The receiver answered 410 Gone: the endpoint is disabled.")
                : CallbackResult.Retry($"The receiver answered {code}.", RetryAfter.From(response, clock));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return EgressRefusedException.FindIn(exception) is { } refused
                ? CallbackResult.GiveUp($"Refused to call the callback URL: {refused.Message}")
                : CallbackResult.Retry($"The receiver did not answer: {exception.Message}", null);
        }
    }

    /// <summary>The three Standard Webhooks headers for one callback.</summary>
    public static IEnumerable<(string Name, string Value)> SignedHeaders(StandardWebhookSigner signer, string webhookId, DateTimeOffset at, string body) =>
    [
        (StandardWebhookSigner.IdHeader, webhookId),
        (StandardWebhookSigner.TimestampHeader, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        (StandardWebhookSigner.SignatureHeader, signer.Sign(webhookId, at, body)),
    ];
}

/// <summary>Where callbacks may go: the guard built from <see cref="CallbackOptions"/> for this host's environment.</summary>
public sealed class CallbackEgress(EgressGuard guard)
{
    public EgressGuard Guard => guard;
}

public enum CallbackOutcome
{
    Delivered = 0,
    Retry = 1,
    GiveUp = 2,
}

/// <summary>How a callback attempt ended.</summary>
public sealed record CallbackResult(CallbackOutcome Outcome, string? Error, DateTimeOffset? RetryAfter)
{
    public static readonly CallbackResult Delivered = new(CallbackOutcome.Delivered, null, null);

    public static CallbackResult Retry(string error, DateTimeOffset? retryAfter) => new(CallbackOutcome.Retry, error, retryAfter);

    public static CallbackResult GiveUp(string error) => new(CallbackOutcome.GiveUp, error, null);
}
