using System.Net;
using System.Net.Sockets;

namespace Notifications.Channels.Http;

/// <summary>
/// Keeps requests to caller-supplied URLs away from the server's own network (server-side request forgery). The address
/// is checked where the socket connects, after DNS resolution, so a name that resolves to a public address when
/// checked and to 127.0.0.1 when used (DNS rebinding) is still refused. Use <see cref="CreateHandler"/> as the primary
/// handler of the HttpClient, and <see cref="CheckUrl"/> before a request for an early, clear answer.
/// </summary>
public sealed class EgressGuard(EgressPolicy policy)
{
    private static readonly (IPNetwork Network, AddressKind Kind)[] Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Unspecified),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Reserved),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.Private),
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
        (IPNetwork.Parse("fc00::/7"), AddressKind.Private),
    ];

    // Instance metadata services hand out cloud credentials: refused even when private networks are allowed.
    private static readonly IPAddress[] CloudMetadata =
    [
        IPAddress.Parse("169.254.169.254"),
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("100.100.100.200"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public EgressPolicy Policy { get; } = policy;

    /// <summary>Why <paramref name="url"/> may not be requested, or null when it may be attempted.</summary>
    public string? CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return "The URL is not absolute.";
        }

        var httpAllowed = Policy.AllowHttp && url.Scheme == Uri.UriSchemeHttp;
        if (url.Scheme != Uri.UriSchemeHttps && !httpAllowed)
        {
            return $"The URL scheme '{url.Scheme}' is not allowed: only https is.";
        }

        if (Policy.IsAllowedHost(url.IdnHost))
        {
            return null;
        }

        return IPAddress.TryParse(EgressPolicy.NormalizeHost(url.IdnHost), out var literal) ? CheckAddress(url.IdnHost, literal) : null;
    }

    /// <summary>Why <paramref name="address"/> (resolved from <paramref name="host"/>) may not be connected to, or null.</summary>
    public string? CheckAddress(string host, IPAddress address)
    {
        if (Policy.IsAllowedHost(host) || Policy.IsAllowedAddress(address))
        {
            return null;
        }

        var kind = Classify(address);
        return kind switch
        {
            AddressKind.Public => null,
            AddressKind.Private when Policy.AllowPrivateNetworks => null,
            _ => $"'{host}' resolves to {address}, a {Describe(kind)} address, which is not allowed (allow-list the host or network to reach it).",
        };
    }

    /// <summary>What kind of network <paramref name="address"/> belongs to, looking through IPv4-mapped and NAT64/6to4 forms.</summary>
    public static AddressKind Classify(IPAddress address)
    {
        var effective = Unwrap(address);
        if (CloudMetadata.Any(effective.Equals))
        {
            return AddressKind.CloudMetadata;
        }

        foreach (var (network, kind) in Ranges)
        {
            if (network.Contains(effective))
            {
                return kind;
            }
        }

        return AddressKind.Public;
    }

    /// <summary>
    /// A handler for an HttpClient that reaches only what the policy allows: the address is checked on connect,
    /// redirects are not followed (a redirect could point anywhere) and no proxy is used (it would connect for us).
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    };

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host and connects only to allowed addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(EgressPolicy.NormalizeHost(host), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct);

        string? refusal = null;
        var permitted = new List<IPAddress>(addresses.Length);
        foreach (var address in addresses)
        {
            var reason = CheckAddress(host, address);
            if (reason is null)
            {
                permitted.Add(address);
            }
            else
            {
                refusal ??= reason;
            }
        }

        if (permitted.Count == 0)
        {
            throw new EgressRefusedException(refusal ?? $"'{host}' does not resolve to any address.");
        }

        Exception? lastFailure = null;
        foreach (var address in permitted)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException failure)
            {
                socket.Dispose();
                lastFailure = failure;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure!;
    }

    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address))
            {
                return new IPAddress(bytes.AsSpan(12, 4));
            }

            if (SixToFour.Contains(address))
            {
                return new IPAddress(bytes.AsSpan(2, 4));
            }
        }

        return address;
    }

    private static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Loopback => "loopback",
        AddressKind.LinkLocal => "link-local",
        AddressKind.Private => "private-network",
        AddressKind.Unspecified => "unspecified",
        AddressKind.Multicast => "multicast",
        AddressKind.CloudMetadata => "cloud metadata",
        _ => "reserved",
    };
}

/// <summary>The kind of network an address belongs to, as far as the <see cref="EgressGuard"/> cares.</summary>
public enum AddressKind
{
    Public = 0,
    Loopback = 1,
    LinkLocal = 2,
    Private = 3,
    Unspecified = 4,
    Multicast = 5,
    Reserved = 6,
    CloudMetadata = 7,
}
