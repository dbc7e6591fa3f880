using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller, keyed <c>{tenant}/{hash of the API key's name and the header}</c>. It
/// maps the key to a notification id derived from it, so a repeated or concurrent request reaches the same
/// notification, and remembers the request's fingerprint and the original answer for 24 hours.
/// </summary>
[Alias("notifications.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Submits <paramref name="request"/> once per key: the same request again returns the original answer, another
    /// request under the key is refused. Requests under one key run one at a time, so a concurrent duplicate waits
    /// for the first and gets its answer. <paramref name="caller"/> is passed on to <see cref="INotificationGrain.SubmitAs"/>.
    /// </summary>
    Task<IdempotentSubmission> Submit(SendNotification request, string caller);
}

[GenerateSerializer, Alias("notifications.idempotency-outcome")]
public enum IdempotencyOutcome
{
    /// <summary>First use of the key: the request was submitted; see the result.</summary>
    Submitted = 0,

    /// <summary>The key was used before with the same request: the original answer, nothing sent again.</summary>
    Replayed = 1,

    /// <summary>The key was used before with a different request.</summary>
    KeyReused = 2,
}

/// <summary>
/// The outcome, the submission's result (on <see cref="IdempotencyOutcome.Submitted"/>), and the original answer's
/// id and status (when accepted or replayed).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.idempotent-submission")]
public sealed record IdempotentSubmission(
    IdempotencyOutcome Outcome,
    SubmitResult? Result,
    string? NotificationId = null,
    NotificationStatus? OriginalStatus = null);

public static class IdempotencyKeys
{
    /// <summary>Header values longer than this are refused.</summary>
    public const int MaxLength = 255;

    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Printable ASCII, 1 to 255 characters.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(character => character is >= ' ' and <= '~');

    /// <summary>The grain of a caller's key: hashed, so any header value makes a short, safe grain key.</summary>
    public static string GrainKey(string tenant, string caller, string idempotencyKey) =>
        GrainKeys.Compose(tenant, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{idempotencyKey}"))));

    /// <summary>
    /// The notification id a key maps to, in its <paramref name="generation"/> (a key reused after it expired starts
    /// the next): a name-based UUID (version 8) from the key's hash, the same however often it is computed.
    /// </summary>
    public static string NotificationId(string grainKey, int generation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{grainKey}#{generation}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
