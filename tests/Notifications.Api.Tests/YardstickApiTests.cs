using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Notifications.Api.Apis;

namespace Notifications.Api.Tests;

public sealed class YardstickApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_yardstick_does_not_exist_unless_the_benchmark_turns_it_on()
    {
        using var client = fixture.CreateClient();

        var response = await client.PostAsync("/bench/yardstick", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Turned_on_the_yardstick_answers_202_without_an_api_key()
    {
        await using var factory = fixture.WithWebHostBuilder(builder => builder
            .UseSetting(YardstickApi.EnabledKey, "true")
            .UseSetting("Notifications:Silo:SiloPort", FreePort())
            .UseSetting("Notifications:Silo:GatewayPort", FreePort()));
        using var client = factory.CreateClient();

        var post = await client.PostAsync("/bench/yardstick", new StringContent("""{"userId":"ada","type":"welcome"}"""));
        var get = await client.GetAsync("/bench/yardstick");

        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, get.StatusCode);
        Assert.Empty(await post.Content.ReadAsByteArrayAsync());
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
