using System.Buffers.Text;
using System.Text.Json;

namespace Notifications.Channels.WebPush;

/// <summary>A browser's push subscription as stored in a contact: <c>{"endpoint":…,"keys":{"p256dh":…,"auth":…}}</c>.</summary>
public sealed record WebPushSubscription(Uri Endpoint, byte[] P256dh, byte[] Auth)
{
    /// <summary>The subscription in <paramref name="json"/>, or null with the reason when it is not a usable one.</summary>
    public static WebPushSubscription? TryParse(string json, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("endpoint", out var endpointText) || endpointText.ValueKind != JsonValueKind.String ||
                !Uri.TryCreate(endpointText.GetString(), UriKind.Absolute, out var endpoint))
            {
                problem = "The web push subscription has no absolute endpoint URL.";
                return null;
            }

            if (!root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object ||
                Decode(keys, "p256dh") is not { Length: 65 } p256dh || p256dh[0] != 0x04 ||
                Decode(keys, "auth") is not { Length: 16 } auth)
            {
                problem = "The web push subscription keys are missing or malformed (p256dh: 65-byte point, auth: 16 bytes, base64url).";
                return null;
            }

            return new WebPushSubscription(endpoint, p256dh, auth);
        }
        catch (JsonException)
        {
            problem = "The web push subscription is not JSON.";
            return null;
        }
    }

    private static byte[]? Decode(JsonElement keys, string name)
    {
        if (!keys.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            // Browsers give base64url without padding; some libraries pad or use the standard alphabet.
            var text = value.GetString()!.TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
