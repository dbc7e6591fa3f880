using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Domain.Unsubscribe;

/// <summary>
/// What an unsubscribe or preference-center link is good for: one user of one tenant, and for a one-click unsubscribe
/// the category and channel it stops. A link without a category opens the user's preferences only.
/// </summary>
public sealed record UnsubscribeClaims(string Tenant, string UserId, string? Category, Channel? Channel, DateTimeOffset ExpiresAt)
{
    public bool CanUnsubscribe => Category is not null && Channel is not null;
}

/// <summary>Why a token was not accepted.</summary>
public enum TokenProblem
{
    None = 0,

    /// <summary>Not a token, or not signed with this key: nothing in it can be trusted.</summary>
    Invalid = 1,

    /// <summary>Signed with this key, but past its expiry.</summary>
    Expired = 2,
}

/// <summary>
/// Signed, expiring tokens that need no lookup to verify: <c>base64url(claims JSON) "." base64url(HMAC-SHA256)</c>.
/// Anyone holding the key can issue them, so the key is a secret shared by every silo and API process.
/// </summary>
public sealed class UnsubscribeTokens(byte[] key, TimeSpan lifetime, TimeProvider clock)
{
    public const int MinKeyBytes = 32;
    private const int MaxTokenLength = 2048;

    private readonly byte[] _key = key.Length >= MinKeyBytes
        ? key
        : throw new ArgumentException($"The unsubscribe key must be at least {MinKeyBytes} bytes.", nameof(key));

    public TimeSpan Lifetime { get; } = lifetime > TimeSpan.Zero
        ? lifetime
        : throw new ArgumentOutOfRangeException(nameof(lifetime), "The token lifetime must be positive.");

    /// <summary>A token for one user; with a category and channel it also unsubscribes from that category on that channel.</summary>
    public string Issue(string tenant, string userId, string? category = null, Channel? channel = null)
    {
        var claims = new TokenPayload(
            tenant, userId, category, channel?.ToWireName(), clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds());
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, TokenJsonContext.Default.TokenPayload));
        return string.Concat(payload, ".", Base64Url.EncodeToString(Sign(payload)));
    }

    /// <summary>Reads a token: the claims if it is signed with this key and not expired, or why not.</summary>
    public TokenProblem TryRead(string? token, out UnsubscribeClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return TokenProblem.Invalid;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !Base64Url.IsValid(token.AsSpan(dot + 1)) || !Base64Url.IsValid(token.AsSpan(0, dot)))
        {
            return TokenProblem.Invalid;
        }

        var payload = token[..dot];
        var signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(payload)))
        {
            return TokenProblem.Invalid;
        }

        TokenPayload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(payload), TokenJsonContext.Default.TokenPayload);
        }
        catch (JsonException)
        {
            return TokenProblem.Invalid;
        }

        if (parsed is not { Tenant.Length: > 0, UserId.Length: > 0 })
        {
            return TokenProblem.Invalid;
        }

        Channel? channel = null;
        if (parsed.Channel is not null)
        {
            if (!ChannelNames.TryParse(parsed.Channel, out var named))
            {
                return TokenProblem.Invalid;
            }

            channel = named;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(parsed.ExpiresAt, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        claims = new UnsubscribeClaims(parsed.Tenant, parsed.UserId, parsed.Category, channel, expiresAt);
        return clock.GetUtcNow() >= expiresAt ? TokenProblem.Expired : TokenProblem.None;
    }

    private byte[] Sign(string payload) => HMACSHA256.HashData(_key, System.Text.Encoding.ASCII.GetBytes(payload));
}

internal sealed record TokenPayload(
    [property: JsonPropertyName("t")] string Tenant,
    [property: JsonPropertyName("u")] string UserId,
    [property: JsonPropertyName("c")] string? Category,
    [property: JsonPropertyName("ch")] string? Channel,
    [property: JsonPropertyName("exp")] long ExpiresAt);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenPayload))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
