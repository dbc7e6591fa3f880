using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Security;

/// <summary>
/// <c>Notifications:Security</c>: the key that signs subscriber tokens and how long a token lives. Every API process of
/// one deployment needs the same key; without one, each process makes its own at start-up and its tokens die with it.
/// </summary>
public sealed class SubscriberTokenOptions
{
    public const int MinKeyBytes = 32;

    /// <summary>At least 32 bytes of UTF-8, kept secret: whoever has it can read any user's inbox.</summary>
    public string? SubscriberTokenKey { get; set; }

    public TimeSpan SubscriberTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Who a valid subscriber token speaks for.</summary>
public sealed record SubscriberToken(string Tenant, string UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues and checks subscriber tokens: <c>st1.{payload}.{signature}</c>, both base64url; the payload is JSON naming the
/// tenant, the user and the expiry (unix seconds), the signature HMAC-SHA256 over <c>st1.{payload}</c>. A browser holds
/// one instead of an API key; it opens that one user's inbox and nothing else.
/// </summary>
public sealed partial class SubscriberTokens
{
    public const string Prefix = "st1.";
    private const int MaxTokenLength = 1024;
    private const int SignatureChars = 43;

    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;

    public SubscriberTokens(IOptions<SubscriberTokenOptions> options, TimeProvider clock)
    {
        var configured = options.Value.SubscriberTokenKey;
        IsKeyEphemeral = string.IsNullOrEmpty(configured);
        _key = IsKeyEphemeral ? RandomNumberGenerator.GetBytes(SubscriberTokenOptions.MinKeyBytes) : Encoding.UTF8.GetBytes(configured!);
        if (_key.Length < SubscriberTokenOptions.MinKeyBytes)
        {
            throw new OptionsValidationException(nameof(SubscriberTokenOptions), typeof(SubscriberTokenOptions),
                [$"Notifications:Security:SubscriberTokenKey must be at least {SubscriberTokenOptions.MinKeyBytes} bytes."]);
        }

        _lifetime = options.Value.SubscriberTokenLifetime > TimeSpan.Zero ? options.Value.SubscriberTokenLifetime : TimeSpan.FromHours(1);
        _clock = clock;
    }

    /// <summary>True when no key is configured and this process made one up.</summary>
    public bool IsKeyEphemeral { get; }

    /// <summary>A signed token for <paramref name="userId"/> of <paramref name="tenant"/>, valid for the configured lifetime.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string tenant, string userId)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds());
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(tenant, userId, expiresAt.ToUnixTimeSeconds()), PayloadContext.Default.Payload);
        var signed = Prefix + Base64Url.EncodeToString(payload);
        return ($"{signed}.{Base64Url.EncodeToString(Sign(signed))}", expiresAt);
    }

    /// <summary>Whether <paramref name="presented"/> has the shape of a subscriber token (so it is not an API key).</summary>
    public static bool LooksLikeToken(string presented) =>
        presented.StartsWith(Prefix, StringComparison.Ordinal) && presented.Length <= MaxTokenLength
        && presented.LastIndexOf('.') == presented.Length - SignatureChars - 1;

    /// <summary>The token's subject if its signature is ours and it has not expired.</summary>
    public SubscriberToken? Validate(string presented)
    {
        if (!LooksLikeToken(presented))
        {
            return null;
        }

        var dot = presented.LastIndexOf('.');
        var signed = presented[..dot];
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Base64Url.TryDecodeFromChars(presented.AsSpan(dot + 1), signature, out var written) || written != signature.Length
            || !CryptographicOperations.FixedTimeEquals(signature, Sign(signed)))
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(signed.AsSpan(Prefix.Length)), PayloadContext.Default.Payload);
            if (payload is not { T.Length: > 0, U.Length: > 0 })
            {
                return null;
            }

            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
            return expiresAt > _clock.GetUtcNow() ? new SubscriberToken(payload.T, payload.U, expiresAt) : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private byte[] Sign(string signed) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(signed));

    internal sealed record Payload(string T, string U, long Exp);

    [JsonSerializable(typeof(Payload))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    internal sealed partial class PayloadContext : JsonSerializerContext;
}
