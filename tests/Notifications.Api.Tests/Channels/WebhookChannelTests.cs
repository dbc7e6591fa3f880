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
}
