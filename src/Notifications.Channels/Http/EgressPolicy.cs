using System.Net;

namespace Notifications.Channels.Http;

/// <summary>
/// Where requests to caller-supplied URLs (webhooks, web push endpoints, status callbacks) may go. By default only
/// https to public addresses; <paramref name="allowedHosts"/> lists host names, addresses or networks (CIDR) that are
/// reached even when they are loopback, link-local or private.
/// </summary>
public sealed class EgressPolicy(bool allowHttp = false, bool allowPrivateNetworks = false, IEnumerable<string>? allowedHosts = null)
{
    private readonly (HashSet<string> Names, List<IPNetwork> Networks) allowed = Parse(allowedHosts ?? []);

    /// <summary>Https only, public addresses only.</summary>
    public static EgressPolicy Strict { get; } = new();

    /// <summary>Plain http is accepted too: for development and tests only.</summary>
    public bool AllowHttp { get; } = allowHttp;

    /// <summary>RFC 1918, unique-local IPv6 and carrier-grade NAT addresses are reachable (never loopback, link-local or cloud metadata).</summary>
    public bool AllowPrivateNetworks { get; } = allowPrivateNetworks;

    public bool IsAllowedHost(string host) => allowed.Names.Contains(NormalizeHost(host));

    public bool IsAllowedAddress(IPAddress address)
    {
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Networks.Exists(network => network.Contains(mapped));
    }

    internal static string NormalizeHost(string host) => host.Trim().TrimEnd('.').Trim('[', ']').ToLowerInvariant();

    private static (HashSet<string>, List<IPNetwork>) Parse(IEnumerable<string> entries)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var networks = new List<IPNetwork>();
        foreach (var raw in entries)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var entry = NormalizeHost(raw);
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var single))
            {
                var address = single.IsIPv4MappedToIPv6 ? single.MapToIPv4() : single;
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                names.Add(entry);
            }
        }

        return (names, networks);
    }
}
