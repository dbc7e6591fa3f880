using Microsoft.AspNetCore.WebUtilities;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Channels.Http;

namespace Notifications.Channels.Sms;

/// <summary>
/// Sends SMS through Twilio's Messages API: one form POST per message, Basic authentication with the account SID and
/// auth token. The address is an E.164 phone number; the text is <see cref="RenderedContent.Text"/>.
/// </summary>
public sealed partial class TwilioSmsSender(IHttpClientFactory clients, TwilioOptions options, TimeProvider time) : IChannelSender
{
    public const string HttpClientName = "Notifications.Sms.Twilio";

    private readonly AuthenticationHeaderValue authorization = new(
        "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));

    private readonly Uri messagesUrl = new(
        ProviderUrls.BaseAddress(options.BaseUrl), $"2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid ?? string.Empty)}/Messages.json");

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (!E164().IsMatch(message.Address))
        {
            return DeliveryResult.Permanent($"{SmsFailures.InvalidNumberPrefix} the address is not an E.164 phone number (+ and 7 to 15 digits).");
        }

        if (string.IsNullOrWhiteSpace(message.Content.Text))
        {
            return DeliveryResult.Permanent("The SMS has no text.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, messagesUrl)
        {
            Content = new FormUrlEncodedContent(FormFor(message)),
        };
        request.Headers.Authorization = authorization;

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode && TryRead(body, "sid") is { } sid)
            {
                return DeliveryResult.Sent(sid);
            }

            var code = TryRead(body, "code");
            return TwilioErrorClassifier.Classify(
                response.StatusCode,
                int.TryParse(code, out var number) ? number : null,
                TryRead(body, "message"),
                RetryAfter.From(response, time));
        }
        catch (Exception exception) when (TransportFailures.IsClassifiable(exception, ct))
        {
            return TransportFailures.Classify(exception, "Twilio");
        }
    }

    private IEnumerable<KeyValuePair<string, string>> FormFor(OutboundMessage message)
    {
        yield return new("To", message.Address);
        if (!string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            yield return new("MessagingServiceSid", options.MessagingServiceSid);
        }
        else
        {
            yield return new("From", options.From ?? string.Empty);
        }

        yield return new("Body", message.Content.Text!);
        if (!string.IsNullOrWhiteSpace(options.StatusCallbackUrl))
        {
            yield return new("StatusCallback", StatusCallbackFor(options.StatusCallbackUrl, message));
        }
    }

    /// <summary>
    /// The callback URL names the notification, so a receipt finds its notification without a lookup table; Twilio
    /// signs the full URL, so the name cannot be forged.
    /// </summary>
    public static string StatusCallbackFor(string callbackUrl, OutboundMessage message) =>
        QueryHelpers.AddQueryString(callbackUrl, "notification", GrainKeys.Compose(message.Tenant, message.NotificationId));

    private static string? TryRead(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value)
                ? value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    _ => null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
