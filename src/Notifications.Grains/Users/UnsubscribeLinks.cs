using Notifications.Domain.Unsubscribe;

namespace Notifications.Grains.Users;

/// <summary>
/// The links each email carries: a one-click unsubscribe from its category (RFC 8058) and the user's preference
/// center, both on the public base URL and signed so they need no login.
/// </summary>
public sealed class UnsubscribeLinks(UnsubscribeTokens tokens, Uri publicBaseUrl)
{
    public const string ListUnsubscribeHeader = "List-Unsubscribe";
    public const string ListUnsubscribePostHeader = "List-Unsubscribe-Post";

    /// <summary>The only body RFC 8058 allows for the one-click POST, and the header that announces it.</summary>
    public const string OneClickBody = "List-Unsubscribe=One-Click";

    public Uri PublicBaseUrl { get; } = publicBaseUrl;

    public UnsubscribeTokens Tokens => tokens;

    /// <summary><c>{base}/u/{token}</c>: GET shows a confirmation page, POST with the one-click body unsubscribes.</summary>
    public string Unsubscribe(string tenant, string userId, string category, Channel channel) =>
        new Uri(PublicBaseUrl, $"u/{tokens.Issue(tenant, userId, category, channel)}").AbsoluteUri;

    /// <summary><c>{base}/preferences?token=…</c>: the user's preference center.</summary>
    public string Preferences(string tenant, string userId) =>
        PreferencesFor(tokens.Issue(tenant, userId));

    public string PreferencesFor(string token) => new Uri(PublicBaseUrl, $"preferences?token={Uri.EscapeDataString(token)}").AbsoluteUri;

    /// <summary>The RFC 2369 and RFC 8058 headers for an email whose unsubscribe link is <paramref name="unsubscribeUrl"/>.</summary>
    public static IReadOnlyDictionary<string, string> EmailHeaders(string unsubscribeUrl) => new Dictionary<string, string>
    {
        [ListUnsubscribeHeader] = $"<{unsubscribeUrl}>",
        [ListUnsubscribePostHeader] = OneClickBody,
    };
}
