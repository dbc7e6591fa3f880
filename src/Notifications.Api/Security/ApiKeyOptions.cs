namespace Notifications.Api.Security;

/// <summary>
/// <c>Notifications:Security</c>. Keys are configured as SHA-256 hashes, never in clear; the bootstrap key is the
/// one exception, meant for local use, and is hashed at start-up.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Notifications:Security";

    public List<ConfiguredApiKey> ApiKeys { get; set; } = [];

    /// <summary>A key in clear that becomes an admin key of <see cref="BootstrapTenant"/> at start-up.</summary>
    public string? BootstrapApiKey { get; set; }

    public string BootstrapTenant { get; set; } = "default";
}

/// <summary>One API key: the hex SHA-256 of the key, its tenant and scopes (send, read, admin).</summary>
public sealed class ConfiguredApiKey
{
    public string Name { get; set; } = "key";

    public string Hash { get; set; } = string.Empty;

    public string Tenant { get; set; } = "default";

    public List<string> Scopes { get; set; } = [Security.Scopes.Send, Security.Scopes.Read];

    /// <summary>Where status callbacks go for notifications sent with this key that name no <c>callbackUrl</c> themselves.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>The Standard Webhooks secret (<c>whsec_</c> followed by base64) that signs this key's status callbacks.</summary>
    public string? CallbackSecret { get; set; }
}
