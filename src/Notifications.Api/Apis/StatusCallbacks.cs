using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Api.Security;
using Notifications.Channels.Webhook;
using Notifications.Grains;
using Notifications.Grains.Callbacks;

namespace Notifications.Api.Apis;

/// <summary>
/// The API's side of status callbacks: an API key's default callback URL and signing secret, the early check of a
/// callback URL against the egress rules (the silo checks again after DNS, when it calls), and handing the secret to
/// the grain that keeps it.
/// </summary>
internal static class StatusCallbacks
{
    /// <summary>How long a registration is trusted before it is made again (storage could have been reset meanwhile).</summary>
    private static readonly TimeSpan RegistrationLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Per cluster client: which secrets were handed over, and until when that is trusted.</summary>
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<string, DateTime>> Registered = new();

    /// <summary>The configured key the caller authenticated with, for its callback settings; null for the bootstrap key.</summary>
    public static ConfiguredApiKey? ConfiguredKey(HttpContext context, ClaimsPrincipal caller) =>
        context.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.ApiKeys
            .FirstOrDefault(key => key.Name == caller.Identity?.Name && key.Tenant == caller.Tenant());

    public static IEnumerable<ValidationError> Check(HttpContext context, string callbackUrl, ConfiguredApiKey? key)
    {
        if (key?.CallbackSecret is not { Length: > 0 } secret)
        {
            yield return new("callbackUrl", "needs a callback secret on the API key that sends (CallbackSecret in its configuration)");
            yield break;
        }

        if (!IsValidSecret(secret))
        {
            yield return new("callbackUrl", "cannot be signed: the API key's CallbackSecret is not 'whsec_' followed by base64");
            yield break;
        }

        if (context.RequestServices.GetService<CallbackEgress>()?.Guard.CheckUrl(new Uri(callbackUrl)) is { } refusal)
        {
            yield return new("callbackUrl", refusal);
        }
    }

    /// <summary>
    /// Gives the caller's secret to the grain that signs its callbacks: once in a while per client and secret, not on
    /// every send, so that grain is not in the path of all of a key's traffic.
    /// </summary>
    public static async Task RegisterSecretAsync(IGrainFactory grains, string tenant, string caller, string secret)
    {
        var registered = Registered.GetOrCreateValue(grains);
        var key = $"{tenant}/{caller}/{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))}";
        if (registered.TryGetValue(key, out var until) && until > DateTime.UtcNow)
        {
            return;
        }

        await grains.GetGrain<ICallbackSigningGrain>(GrainKeys.Compose(tenant, caller)).SetSecret(secret);
        registered[key] = DateTime.UtcNow + RegistrationLifetime;
    }

    private static bool IsValidSecret(string secret)
    {
        try
        {
            _ = new StandardWebhookSigner(secret);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
