namespace Notifications.Channels.Push.Apns;

/// <summary>
/// Apple Push Notification service with token-based authentication, bound from <c>Notifications:Push:Apns</c>.
/// Without TeamId, KeyId, BundleId and a key APNs is off.
/// </summary>
public sealed class ApnsOptions
{
    public const string SectionName = "Notifications:Push:Apns";
    public const string ProductionUrl = "https://api.push.apple.com";
    public const string SandboxUrl = "https://api.sandbox.push.apple.com";

    public string? TeamId { get; set; }

    /// <summary>The id of the APNs signing key (the <c>kid</c> of the provider token).</summary>
    public string? KeyId { get; set; }

    /// <summary>The signing key (the .p8 file's PEM text); takes precedence over <see cref="PrivateKeyFile"/>.</summary>
    public string? PrivateKeyPem { get; set; }

    public string? PrivateKeyFile { get; set; }

    /// <summary>The app's bundle id, sent as <c>apns-topic</c>.</summary>
    public string? BundleId { get; set; }

    /// <summary>Send to the development environment (apps built for debugging) when no BaseUrl is set.</summary>
    public bool UseSandbox { get; set; }

    /// <summary>The API root; defaults to production or, with <see cref="UseSandbox"/>, the sandbox. Tests point it at a local fake.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How long APNs keeps trying to reach an offline device (<c>apns-expiration</c>).</summary>
    public int TimeToLiveSeconds { get; set; } = 86_400;

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// For tests only: a certificate file (PEM or DER). A server presenting exactly this certificate is trusted even
    /// though no authority signed it.
    /// </summary>
    public string? TrustedServerCertificateFile { get; set; }

    public string EffectiveBaseUrl => string.IsNullOrWhiteSpace(BaseUrl) ? (UseSandbox ? SandboxUrl : ProductionUrl) : BaseUrl;

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(TeamId) && !string.IsNullOrWhiteSpace(KeyId) && !string.IsNullOrWhiteSpace(BundleId) &&
        (!string.IsNullOrWhiteSpace(PrivateKeyPem) || !string.IsNullOrWhiteSpace(PrivateKeyFile));
}
