using System.Security.Cryptography;
using System.Text;

namespace Notifications.Channels.Sms;

/// <summary>
/// Twilio's request signature (<c>X-Twilio-Signature</c>): base64 of HMAC-SHA1 keyed with the auth token over the full
/// URL Twilio requested followed by every POST parameter, sorted by name, as name then value.
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            text.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// True when <paramref name="signature"/> is Twilio's signature of this request. Proxies add or drop the default port,
    /// so the URL is also tried the other way; comparisons take constant time.
    /// </summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var materialized = parameters.ToList();
        var expected = Encoding.ASCII.GetBytes(signature);
        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            // Every variant is computed, so the time taken does not tell which one matched.
            valid |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(authToken, candidate, materialized)), expected);
        }

        return valid;
    }

    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        const UriComponents WithoutPort = UriComponents.Scheme | UriComponents.UserInfo | UriComponents.Host | UriComponents.PathAndQuery | UriComponents.Fragment;
        var withoutPort = uri.GetComponents(WithoutPort, UriFormat.UriEscaped);
        var withPort = uri.GetComponents(WithoutPort | UriComponents.StrongPort, UriFormat.UriEscaped);
        foreach (var variant in new[] { withoutPort, withPort })
        {
            if (!string.Equals(variant, url, StringComparison.Ordinal))
            {
                yield return variant;
            }
        }
    }
}
