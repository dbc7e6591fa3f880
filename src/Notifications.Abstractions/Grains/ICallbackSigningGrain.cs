using Orleans.Concurrency;

namespace Notifications.Grains;

/// <summary>
/// The secret that signs a caller's status callbacks, keyed <c>{tenant}/{caller}</c> (the API key's name for HTTP
/// callers). Kept in one place rather than on every notification.
/// </summary>
[Alias("notifications.ICallbackSigningGrain")]
public interface ICallbackSigningGrain : IGrainWithStringKey
{
    /// <summary>Sets the secret (<c>whsec_</c> followed by base64); nothing is written when it is unchanged.</summary>
    Task SetSecret(string secret);

    /// <summary>The secret, or null when none was set.</summary>
    [ReadOnly]
    Task<string?> GetSecret();
}
