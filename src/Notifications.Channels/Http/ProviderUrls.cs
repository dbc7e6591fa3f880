namespace Notifications.Channels.Http;

/// <summary>Helpers for the configured base URLs of providers.</summary>
internal static class ProviderUrls
{
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The base URL with exactly one trailing slash, so relative paths append to it rather than replace its last segment.</summary>
    public static Uri BaseAddress(string baseUrl) => new(baseUrl.TrimEnd('/') + "/", UriKind.Absolute);
}
