using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Channels.Webhook;

/// <summary>
/// Signs and verifies webhooks per Standard Webhooks v1: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</c> over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the secret (<c>whsec_</c> followed by base64).
/// </summary>
public sealed class StandardWebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>How far a timestamp may be from now before a receiver refuses it (replay protection).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly byte[] key;

    /// <exception cref="ArgumentException">The secret is not <c>whsec_</c> followed by base64 (the prefix is optional).</exception>
    public StandardWebhookSigner(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            key = Convert.FromBase64String(encoded);
        }
        catch (FormatException invalid)
        {
            throw new ArgumentException("The webhook secret must be 'whsec_' followed by base64.", nameof(secret), invalid);
        }

        if (key.Length is < 16 or > 64)
        {
            throw new ArgumentException("The webhook secret must decode to between 16 and 64 bytes.", nameof(secret));
        }
    }

    /// <summary>A new random secret in the <c>whsec_</c> form.</summary>
    public static string GenerateSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>The <c>webhook-signature</c> value: <c>v1,&lt;base64&gt;</c>.</summary>
    public string Sign(string id, DateTimeOffset timestamp, string body) =>
        "v1," + Convert.ToBase64String(Mac(id, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body));

    /// <summary>
    /// True when one of the space-separated signatures in <paramref name="signatureHeader"/> is ours for this message and
    /// the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>. Comparisons take constant time.
    /// </summary>
    public bool Verify(string id, string timestamp, string body, string? signatureHeader, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(signatureHeader) ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Mac(id, timestamp, body);
        var valid = false;
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var decoded = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[3..], decoded, out var written) && written == expected.Length)
            {
                valid |= CryptographicOperations.FixedTimeEquals(decoded, expected);
            }
        }

        return valid;
    }

    private byte[] Mac(string id, string timestamp, string body) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
}
