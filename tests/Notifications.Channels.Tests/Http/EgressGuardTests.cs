using System.Net;
using Notifications.Channels.Http;
using Notifications.Testing.Http;

namespace Notifications.Channels.Tests.Http;

public sealed class EgressGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[::1]:9/hook", "loopback")]
    [InlineData("http://10.0.0.1/hook", "private-network")]
    [InlineData("http://localhost:9/hook", "loopback")]
    [InlineData("http://0.0.0.0:9/hook", "unspecified")]
    [InlineData("http://[::ffff:127.0.0.1]:9/hook", "loopback")]
    [InlineData("http://100.64.0.1/hook", "private-network")]
    public async Task Refuses_internal_destinations_when_connecting_with_a_clear_error(string url, string kind)
    {
        var guard = new EgressGuard(new EgressPolicy(allowHttp: true));
        using var client = new HttpClient(guard.CreateHandler());

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));

        var refused = EgressRefusedException.FindIn(failure);
        Assert.NotNull(refused);
        Assert.Contains($"a {kind} address, which is not allowed", refused.Message);
    }

    [Fact]
    public async Task Reaches_a_loopback_receiver_only_when_it_is_allow_listed()
    {
        await using var receiver = LoopbackHttpReceiver.Start();
        using var strict = new HttpClient(new EgressGuard(new EgressPolicy(allowHttp: true)).CreateHandler());
        using var allowListed = new HttpClient(new EgressGuard(new EgressPolicy(allowHttp: true, allowedHosts: ["127.0.0.1"])).CreateHandler());

        await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync(receiver.BaseUrl + "/probe"));
        using var response = await allowListed.GetAsync(receiver.BaseUrl + "/probe");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/probe", Assert.Single(receiver.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_network_in_cidr_form_can_be_allow_listed()
    {
        await using var receiver = LoopbackHttpReceiver.Start();
        using var client = new HttpClient(new EgressGuard(new EgressPolicy(allowHttp: true, allowedHosts: ["127.0.0.0/8"])).CreateHandler());

        using var response = await client.GetAsync(receiver.BaseUrl + "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Redirects_are_returned_not_followed()
    {
        await using var receiver = LoopbackHttpReceiver.Start();
        receiver.AnswerWith(_ => new ReceiverAnswer(302, new Dictionary<string, string> { ["Location"] = "http://169.254.169.254/" }));
        using var client = new HttpClient(new EgressGuard(new EgressPolicy(allowHttp: true, allowedHosts: ["127.0.0.1"])).CreateHandler());

        using var response = await client.GetAsync(receiver.BaseUrl + "/");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(receiver.Requests);
    }

    [Theory]
    [InlineData("http://example.com/hook", false, "scheme 'http' is not allowed")]
    [InlineData("ftp://example.com/hook", true, "scheme 'ftp' is not allowed")]
    [InlineData("https://127.0.0.1/hook", false, "loopback")]
    [InlineData("https://[fe80::1]/hook", false, "link-local")]
    public void Checks_the_url_before_any_request(string url, bool allowHttp, string expected)
    {
        var guard = new EgressGuard(new EgressPolicy(allowHttp));

        Assert.Contains(expected, guard.CheckUrl(new Uri(url)));
    }

    [Theory]
    [InlineData("https://example.com/hook")]
    [InlineData("https://93.184.216.34/hook")]
    public void Public_https_urls_pass_the_url_check(string url)
    {
        Assert.Null(new EgressGuard(EgressPolicy.Strict).CheckUrl(new Uri(url)));
    }

    [Theory]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.8.9.10", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("169.254.10.1", AddressKind.LinkLocal)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("169.254.169.254", AddressKind.CloudMetadata)]
    [InlineData("fd00:ec2::254", AddressKind.CloudMetadata)]
    [InlineData("100.100.100.200", AddressKind.CloudMetadata)]
    [InlineData("10.1.2.3", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("100.64.0.1", AddressKind.Private)]
    [InlineData("fd12:3456::1", AddressKind.Private)]
    [InlineData("64:ff9b::a00:1", AddressKind.Private)]
    [InlineData("2002:7f00:1::", AddressKind.Loopback)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("255.255.255.255", AddressKind.Reserved)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("2001:4860:4860::8888", AddressKind.Public)]
    public void Classifies_addresses(string address, AddressKind kind)
    {
        Assert.Equal(kind, EgressGuard.Classify(IPAddress.Parse(address)));
    }

    [Fact]
    public void Allowing_private_networks_still_refuses_loopback_link_local_and_metadata()
    {
        var guard = new EgressGuard(new EgressPolicy(allowPrivateNetworks: true));

        Assert.Null(guard.CheckAddress("intranet.test", IPAddress.Parse("10.0.0.1")));
        Assert.Null(guard.CheckAddress("intranet.test", IPAddress.Parse("fd12::1")));
        Assert.NotNull(guard.CheckAddress("intranet.test", IPAddress.Parse("127.0.0.1")));
        Assert.NotNull(guard.CheckAddress("intranet.test", IPAddress.Parse("169.254.169.254")));
        Assert.NotNull(guard.CheckAddress("intranet.test", IPAddress.Parse("fd00:ec2::254")));
    }

    [Fact]
    public void An_allow_listed_host_name_is_reached_whatever_it_resolves_to()
    {
        var guard = new EgressGuard(new EgressPolicy(allowedHosts: ["Receiver.Internal."]));

        Assert.Null(guard.CheckAddress("receiver.internal", IPAddress.Loopback));
        Assert.NotNull(guard.CheckAddress("other.internal", IPAddress.Loopback));
    }
}
