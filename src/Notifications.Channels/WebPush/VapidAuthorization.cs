using System.Collections.Concurrent;
using System.Text.Json;
using Notifications.Channels.Http;

namespace Notifications.Channels.WebPush;

/// <summary>
/// The <c>Authorization: vapid t=&lt;JWT&gt;, k=&lt;public key&gt;</c> value for a push service (RFC 8292). The JWT's audience
/// is the endpoint's origin; it is valid for 12 hours (the limit is 24) and reused per origin until one hour is left.
/// </summary>
public sealed class VapidAuthorization(VapidKeys keys, string subject, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> byOrigin = new(StringComparer.Ordinal);

    public string For(Uri endpoint)
    {
        var origin = endpoint.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        if (byOrigin.TryGetValue(origin, out var cached) && cached.Expires - now > RenewBefore)
        {
            return cached.Value;
        }

        var expires = now + Lifetime;
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["typ"] = "JWT", ["alg"] = "ES256" });
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = origin,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["sub"] = subject,
        });
        var value = $"vapid t={Jwt.SignEs256(header, claims, keys.SigningKey)}, k={keys.PublicKey}";
        byOrigin[origin] = (value, expires);
        return value;
    }
}
