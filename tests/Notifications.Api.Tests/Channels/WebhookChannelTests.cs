using System.Text.Json.Nodes;
using Notifications.Channels.Webhook;

namespace Notifications.Api.Tests.Channels;

/// <summary>The webhook channel through the API to a loopback receiver that only accepts a valid Standard Webhooks signature.</summary>
[Collection(ChannelsCollection.Name)]
public sealed class WebhookChannelTests(ChannelsApiFixture fixture)
{
    private readonly HttpClient api = fixture.Api;

    [Fact]
    public async Task The_users_endpoint_receives_the_rendered_json_signed_per_standard_webhooks()
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        var userId = await api.CreateUserAsync(webhookUrl: fixture.Webhooks.BaseUrl + path);

        var id = await api.SendOnAsync(userId, "webhook");

        // The receiver answers 401 to a signature it cannot verify, which would fail the notification.
        await api.WaitForStatusAsync(id, "sent");
        var request = Assert.Single(fixture.Webhooks.Requests, request => request.PathAndQuery == path);
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal($"{id}:webhook", request.Headers[StandardWebhookSigner.IdHeader]);
        Assert.True(new StandardWebhookSigner(ChannelsApiFixture.WebhookSecret).Verify(
            request.Headers[StandardWebhookSigner.IdHeader], request.Headers[StandardWebhookSigner.TimestampHeader], request.Body,
            request.Headers[StandardWebhookSigner.SignatureHeader], DateTimeOffset.UtcNow));
        var expected = new JsonObject { ["event"] = "order.shipped", ["order_id"] = "42", ["carrier"] = "DHL" };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task An_endpoint_that_answers_410_gone_is_removed_from_the_user()
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        fixture.GoneWebhookPaths[path] = true;
        var userId = await api.CreateUserAsync(webhookUrl: fixture.Webhooks.BaseUrl + path);
        Assert.Equal(fixture.Webhooks.BaseUrl + path, (await api.GetUserAsync(userId)).GetProperty("webhookUrl").GetString());

        var notification = await api.WaitForStatusAsync(await api.SendOnAsync(userId, "webhook"), "dead_lettered");

        Assert.Equal("address_gone", notification.GetProperty("attempts")[0].GetProperty("failureKind").GetString());
        Assert.Single(fixture.Webhooks.Requests, request => request.PathAndQuery == path);
        Assert.False((await api.GetUserAsync(userId)).TryGetProperty("webhookUrl", out var url) && url.ValueKind != System.Text.Json.JsonValueKind.Null);
    }
}
