namespace Notifications.Channels.WebPush;

/// <summary>
/// Web push (VAPID), bound from <c>Notifications:WebPush</c>. The channel is on when <see cref="Subject"/> is set. The
/// keys are base64url; in the Development environment missing keys are generated at start-up (with a warning:
/// subscriptions made against them break on restart).
/// </summary>
public sealed class WebPushOptions
{
    public const string SectionName = "Notifications:WebPush";

    /// <summary>How push services can reach the operator: <c>mailto:ops@example.com</c> or an https URL.</summary>
    public string? Subject { get; set; }

    /// <summary>The 65-byte uncompressed P-256 public point, base64url.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The 32-byte P-256 private scalar, base64url. A secret.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>How long the push service keeps a message for an offline browser (<c>TTL</c>).</summary>
    public int TimeToLiveSeconds { get; set; } = 86_400;

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Allow plain http endpoints: development and tests only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow endpoints on private networks (RFC 1918, unique-local IPv6, carrier-grade NAT).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Host names, addresses or CIDR networks reached even when loopback, link-local or private.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Subject);

    public bool HasKeys => !string.IsNullOrWhiteSpace(PublicKey) && !string.IsNullOrWhiteSpace(PrivateKey);
}
