namespace Notifications.Channels.Webhook;

/// <summary>The webhook channel, bound from <c>Notifications:Webhook</c>. Without a Secret no webhook sender is registered.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Notifications:Webhook";

    /// <summary>The signing secret, <c>whsec_</c> followed by base64 (<see cref="StandardWebhookSigner.GenerateSecret"/> makes one).</summary>
    public string? Secret { get; set; }

    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Allow plain http URLs: development and tests only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow receivers on private networks (RFC 1918, unique-local IPv6, carrier-grade NAT).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Host names, addresses or CIDR networks reached even when loopback, link-local or private.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Secret);
}
