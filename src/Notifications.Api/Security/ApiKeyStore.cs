using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Security;

/// <summary>The configured keys, indexed by hash. A presented key is hashed and looked up; the clear key is never kept.</summary>
public sealed class ApiKeyStore
{
    private readonly FrozenDictionary<string, ConfiguredApiKey> _byHash;

    public ApiKeyStore(IOptions<ApiKeyOptions> options)
    {
        var keys = new Dictionary<string, ConfiguredApiKey>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in options.Value.ApiKeys.Where(key => !string.IsNullOrWhiteSpace(key.Hash)))
        {
            keys[key.Hash.Trim()] = key;
        }

        if (!string.IsNullOrWhiteSpace(options.Value.BootstrapApiKey))
        {
            keys[Hash(options.Value.BootstrapApiKey)] = new ConfiguredApiKey
            {
                Name = "bootstrap",
                Tenant = options.Value.BootstrapTenant,
                Scopes = [Scopes.Admin, Scopes.Send, Scopes.Read],
            };
        }

        _byHash = keys.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public int Count => _byHash.Count;

    public ConfiguredApiKey? Find(string presentedKey) =>
        _byHash.GetValueOrDefault(Hash(presentedKey));

    /// <summary>The form keys are configured in: lowercase hex SHA-256 of the UTF-8 key.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
