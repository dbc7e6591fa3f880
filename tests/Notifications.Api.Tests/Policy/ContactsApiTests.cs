using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Api.Tests.Policy;

public sealed class ContactsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string P256dh = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
    private const string Auth = "tBHItJI5svbpez7KI4CCXg";

    private readonly HttpClient _api = fixture.Authorized();

    [Fact]
    public async Task Devices_are_added_listed_and_removed()
    {
        var (userId, _) = await _api.CreateUserAsync();

        var first = await _api.PostAsJsonAsync($"/api/v1/users/{userId}/devices", new { platform = "fcm", token = "dGVzdA:APA91b-first_token" });
        var second = await _api.PostAsJsonAsync($"/api/v1/users/{userId}/devices", new { platform = "APNS", token = "0a1b2c3d4e" });
        var again = await _api.PostAsJsonAsync($"/api/v1/users/{userId}/devices", new { platform = "fcm", token = "dGVzdA:APA91b-first_token" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var user = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}");
        Assert.Equal(
            ["fcm/dGVzdA:APA91b-first_token", "apns/0a1b2c3d4e"],
            user.GetProperty("devices").EnumerateArray().Select(device => $"{device.GetProperty("platform")}/{device.GetProperty("token")}"));

        var removed = await _api.DeleteAsync($"/api/v1/users/{userId}/devices/fcm/{Uri.EscapeDataString("dGVzdA:APA91b-first_token")}");
        var removedAgain = await _api.DeleteAsync($"/api/v1/users/{userId}/devices/fcm/{Uri.EscapeDataString("dGVzdA:APA91b-first_token")}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        user = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}");
        Assert.Equal("apns", Assert.Single(user.GetProperty("devices").EnumerateArray()).GetProperty("platform").GetString());
    }

    [Fact]
    public async Task A_web_push_subscription_is_stored_as_the_browser_gave_it_and_replaced_by_endpoint()
    {
        var (userId, _) = await _api.CreateUserAsync();
        const string endpoint = "https://push.example.com/send/abc123";

        var added = await _api.PostAsJsonAsync(
            $"/api/v1/users/{userId}/webpush-subscriptions", new { endpoint, expirationTime = (string?)null, keys = new { p256dh = P256dh, auth = "AAAAAAAAAAAAAAAAAAAAAA" } });
        var replaced = await _api.PostAsJsonAsync($"/api/v1/users/{userId}/webpush-subscriptions", new { endpoint, keys = new { p256dh = P256dh, auth = Auth } });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var user = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}");
        var subscription = Assert.Single(user.GetProperty("webPushSubscriptions").EnumerateArray());
        Assert.Equal(endpoint, subscription.GetProperty("endpoint").GetString());
        Assert.Equal(Auth, subscription.GetProperty("keys").GetProperty("auth").GetString());

        var removed = await _api.DeleteAsync($"/api/v1/users/{userId}/webpush-subscriptions?endpoint={Uri.EscapeDataString(endpoint)}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        user = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}");
        Assert.Empty(user.GetProperty("webPushSubscriptions").EnumerateArray());
    }

    [Theory]
    [InlineData("devices", """{"platform":"gcm","token":"abc"}""", "platform")]
    [InlineData("devices", """{"platform":"fcm","token":"has spaces"}""", "token")]
    [InlineData("devices", """{"platform":"fcm"}""", "token")]
    [InlineData("webpush-subscriptions", """{"endpoint":"http://10.0.0.5/push","keys":{"p256dh":"BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM","auth":"tBHItJI5svbpez7KI4CCXg"}}""", "endpoint")]
    [InlineData("webpush-subscriptions", """{"endpoint":"https://push.example.com/1","keys":{"p256dh":"short","auth":"tBHItJI5svbpez7KI4CCXg"}}""", "keys.p256dh")]
    [InlineData("webpush-subscriptions", """{"endpoint":"https://push.example.com/1"}""", "keys.p256dh")]
    public async Task Malformed_contacts_are_a_400_naming_the_field(string resource, string body, string field)
    {
        var (userId, _) = await _api.CreateUserAsync();

        var response = await _api.PostAsync($"/api/v1/users/{userId}/{resource}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await PolicyApi.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Contacts_of_an_unknown_user_are_a_404()
    {
        var response = await _api.PostAsJsonAsync($"/api/v1/users/nobody-{Guid.NewGuid():N}/devices", new { platform = "fcm", token = "abc" });

        await PolicyApi.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Contacts_need_a_key()
    {
        var response = await fixture.CreateClient().PostAsJsonAsync("/api/v1/users/ada/devices", new { platform = "fcm", token = "abc" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
