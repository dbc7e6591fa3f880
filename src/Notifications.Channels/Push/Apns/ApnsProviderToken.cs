using System.Security.Cryptography;
using System.Text.Json;
using Notifications.Channels.Http;

namespace Notifications.Channels.Push.Apns;

/// <summary>
/// The ES256 provider token APNs wants in <c>authorization: bearer</c>. Apple refuses tokens older than an hour and
/// answers 429 to tokens renewed more often than every 20 minutes, so one token is shared by every request and
/// renewed after 40 minutes.
/// </summary>
public sealed class ApnsProviderToken(string teamId, string keyId, ECDsa signingKey, TimeProvider time)
{
    public static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(40);
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(20);

    private readonly Lock gate = new();
    private (string Jwt, DateTimeOffset IssuedAt)? current;

    /// <summary>The shared token, renewed when it is 40 minutes old.</summary>
    public string Current
    {
        get
        {
            lock (gate)
            {
                var now = time.GetUtcNow();
                if (current is not { } token || now - token.IssuedAt >= RenewAfter)
                {
                    current = token = (Create(now), now);
                }

                return token.Jwt;
            }
        }
    }

    /// <summary>
    /// After APNs answered ExpiredProviderToken to <paramref name="rejected"/>: a new token, unless that one is younger than
    /// 20 minutes (then the clocks disagree and a renewal would only earn a 429); null when no new token may be made.
    /// </summary>
    public string? RenewAfterRejection(string rejected)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (current is { } token && token.Jwt != rejected)
            {
                return token.Jwt;
            }

            if (current is { } used && now - used.IssuedAt < MinimumAge)
            {
                return null;
            }

            current = (Create(now), now);
            return current.Value.Jwt;
        }
    }

    private string Create(DateTimeOffset now)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = keyId });
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["iss"] = teamId, ["iat"] = now.ToUnixTimeSeconds() });
        return Jwt.SignEs256(header, claims, signingKey);
    }
}
