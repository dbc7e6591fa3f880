using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Channels;

/// <summary>Web push through the API to the web-push-testing emulator, which checks the VAPID token and decrypts the payload.</summary>
[Collection(ChannelsCollection.Name)]
public sealed class WebPushDeliveryTests(ChannelsApiFixture fixture)
{
    private readonly HttpClient api = fixture.Api;

    [Fact]
    public async Task The_push_service_accepts_and_decrypts_the_message_for_the_users_subscription()
    {
        var (subscription, clientHash) = await fixture.WebPush.SubscribeAsync(fixture.Vapid.PublicKey);
        var userId = await api.CreateUserAsync();
        await api.AddWebPushSubscriptionAsync(userId, subscription);

        var id = await api.SendOnAsync(userId, "webpush");

        await api.WaitForStatusAsync(id, "sent");
        var payload = JsonNode.Parse(Assert.Single(await fixture.WebPush.GetNotificationsAsync(clientHash)));
        var expected = new JsonObject
        {
            ["title"] = "Order 42 shipped",
            ["body"] = "With DHL.",
            ["url"] = "https://shop.acme.test/orders/42",
            ["notificationId"] = id,
        };
        Assert.True(JsonNode.DeepEquals(expected, payload), payload?.ToJsonString());
    }

    [Fact]
    public async Task An_expired_subscription_is_removed_from_the_user()
    {
        var (subscription, clientHash) = await fixture.WebPush.SubscribeAsync(fixture.Vapid.PublicKey);
        var userId = await api.CreateUserAsync();
        await api.AddWebPushSubscriptionAsync(userId, subscription);
        Assert.Equal(1, (await api.GetUserAsync(userId)).GetProperty("webPushSubscriptions").GetArrayLength());
        await fixture.WebPush.ExpireAsync(clientHash);

        var id = await api.SendOnAsync(userId, "webpush");

        var notification = await api.WaitForStatusAsync(id, "dead_lettered");
        Assert.Equal("address_gone", notification.GetProperty("attempts")[0].GetProperty("failureKind").GetString());
        Assert.Equal(0, (await api.GetUserAsync(userId)).GetProperty("webPushSubscriptions").GetArrayLength());
    }
}
