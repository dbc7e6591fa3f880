using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Notifications.Api.Tests.Channels;

public sealed class WebPushApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Without_web_push_configured_the_key_is_a_404_problem()
    {
        var response = await fixture.CreateClient().GetAsync("/api/v1/webpush/vapid-public-key");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_web_push_configured_the_public_key_is_served_without_auth()
    {
        using var configured = fixture.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Notifications:WebPush:Subject", "mailto:ops@acme.test");
            builder.UseSetting("Notifications:Silo:SiloPort", ApiFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Notifications:Silo:GatewayPort", ApiFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

        var body = await configured.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/webpush/vapid-public-key");

        var key = Base64Url.DecodeFromChars(body.GetProperty("publicKey").GetString());
        Assert.Equal(65, key.Length);
        Assert.Equal(0x04, key[0]);
    }
}
