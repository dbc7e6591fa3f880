using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifications.Contracts;

/// <summary>
/// The forms of the contact addresses a user can add besides email and phone: mobile device tokens and web-push
/// subscriptions. Checked by the API and again by the user grain; addresses are stored in their canonical form.
/// </summary>
public static partial class ContactValidation
{
    public const int MaxDevices = 20;
    public const int MaxWebPushSubscriptions = 20;
    public const int MaxTokenLength = 4096;
    public const int MaxEndpointLength = 2048;

    /// <summary>
    /// Checks <paramref name="address"/> for <paramref name="channel"/> and gives its canonical form: a device token as
    /// <c>fcm:&lt;token&gt;</c> or <c>apns:&lt;token&gt;</c>, a subscription as compact JSON with only endpoint and keys.
    /// </summary>
    public static bool TryNormalize(Channel channel, string? address, out string normalized, out ValidationError? error)
    {
        normalized = string.Empty;
        error = null;
        switch (channel)
        {
            case Channel.Push:
                return TryNormalizeDevice(address, out normalized, out error);
            case Channel.WebPush:
                return TryNormalizeSubscription(address, out normalized, out error);
            default:
                error = new ValidationError("channel", "addresses can be added for push and webpush only; set email and phone on the user");
                return false;
        }
    }

    /// <summary>A device token with its platform, <c>fcm</c> or <c>apns</c>.</summary>
    public static bool TryNormalizeDevice(string? address, out string normalized, out ValidationError? error)
    {
        normalized = string.Empty;
        error = null;
        var separator = address?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        var platform = separator > 0 ? address![..separator].ToLowerInvariant() : string.Empty;
        if (platform is not ("fcm" or "apns"))
        {
            error = new ValidationError("platform", "must be fcm or apns");
            return false;
        }

        var token = address![(separator + 1)..];
        if (token.Length is 0 or > MaxTokenLength || !TokenCharacters().IsMatch(token))
        {
            error = new ValidationError("token", $"must be 1-{MaxTokenLength} letters, digits, ':', '-', '_' or '.'");
            return false;
        }

        normalized = ContactAddresses.Device(platform, token);
        return true;
    }

    /// <summary>A browser's push subscription: <c>{"endpoint": "https://…", "keys": {"p256dh": …, "auth": …}}</c>.</summary>
    public static bool TryNormalizeSubscription(string? json, out string normalized, out ValidationError? error)
    {
        normalized = string.Empty;
        error = null;
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxTokenLength * 2)
        {
            error = new ValidationError("subscription", "must be a push subscription's JSON");
            return false;
        }

        string? endpoint, p256dh, auth;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new ValidationError("subscription", "must be a JSON object");
                return false;
            }

            endpoint = StringMember(root, "endpoint");
            var keys = root.TryGetProperty("keys", out var found) && found.ValueKind == JsonValueKind.Object ? found : default;
            p256dh = keys.ValueKind == JsonValueKind.Object ? StringMember(keys, "p256dh") : null;
            auth = keys.ValueKind == JsonValueKind.Object ? StringMember(keys, "auth") : null;
        }
        catch (JsonException)
        {
            error = new ValidationError("subscription", "is not valid JSON");
            return false;
        }

        if (!IsPushEndpoint(endpoint))
        {
            error = new ValidationError("endpoint", "must be an https URL (http only on loopback, for local emulators)");
            return false;
        }

        if (!IsBase64Url(p256dh, 65) || p256dh![0] != 'B')
        {
            error = new ValidationError("keys.p256dh", "must be the base64url of an uncompressed P-256 public key (65 bytes)");
            return false;
        }

        if (!IsBase64Url(auth, 16))
        {
            error = new ValidationError("keys.auth", "must be the base64url of a 16-byte secret");
            return false;
        }

        normalized = Subscription(endpoint!, p256dh!, auth!);
        return true;
    }

    /// <summary>The canonical JSON of a subscription.</summary>
    public static string Subscription(string endpoint, string p256dh, string auth) =>
        JsonSerializer.Serialize(new SubscriptionJson(endpoint, new SubscriptionKeys(p256dh, auth)), SubscriptionJsonContext.Default.SubscriptionJson);

    /// <summary>The endpoint of a stored subscription, or the text itself when it is not a subscription (an endpoint alone).</summary>
    public static string EndpointOf(string subscriptionOrEndpoint)
    {
        if (!subscriptionOrEndpoint.TrimStart().StartsWith('{'))
        {
            return subscriptionOrEndpoint;
        }

        try
        {
            using var document = JsonDocument.Parse(subscriptionOrEndpoint, new JsonDocumentOptions { MaxDepth = 8 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? StringMember(document.RootElement, "endpoint") ?? string.Empty : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsPushEndpoint(string? endpoint) =>
        endpoint is { Length: > 0 and <= MaxEndpointLength }
        && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static bool IsBase64Url(string? text, int bytes)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return false;
        }

        var trimmed = text.TrimEnd('=');
        Span<byte> decoded = stackalloc byte[150];
        return Base64Url.IsValid(trimmed) && Base64Url.TryDecodeFromChars(trimmed, decoded, out var written) && written == bytes;
    }

    [GeneratedRegex("^[A-Za-z0-9:._-]+$")]
    private static partial Regex TokenCharacters();
}

internal sealed record SubscriptionJson(
    [property: System.Text.Json.Serialization.JsonPropertyName("endpoint")] string Endpoint,
    [property: System.Text.Json.Serialization.JsonPropertyName("keys")] SubscriptionKeys Keys);

internal sealed record SubscriptionKeys(
    [property: System.Text.Json.Serialization.JsonPropertyName("p256dh")] string P256dh,
    [property: System.Text.Json.Serialization.JsonPropertyName("auth")] string Auth);

[System.Text.Json.Serialization.JsonSerializable(typeof(SubscriptionJson))]
internal sealed partial class SubscriptionJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
