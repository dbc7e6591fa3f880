using Notifications.Channels.Http;

namespace Notifications.Grains.Callbacks;

/// <summary>
/// <c>Notifications:Callbacks</c>: where status callbacks may go. By default https only, to public addresses only;
/// plain http is allowed when the host runs in the Development environment.
/// </summary>
public sealed class CallbackOptions
{
    public const string Section = "Notifications:Callbacks";

    /// <summary>Allow plain http callback URLs; unset means only in the Development environment.</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>Allow receivers on private networks (RFC 1918, unique-local IPv6, carrier-grade NAT).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Host names, addresses or CIDR networks reached even when loopback, link-local or private.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    public int TimeoutSeconds { get; set; } = 15;

    public EgressPolicy Policy(bool isDevelopment) => new(AllowHttp ?? isDevelopment, AllowPrivateNetworks, AllowedHosts);
}
