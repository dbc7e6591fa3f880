using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Api.Tests.Inbox;

/// <summary>What the inbox tests do over HTTP: create users, issue tokens, send in-app notifications and wait for them.</summary>
public sealed class InboxTestClient(ApiFixture fixture)
{
    public HttpClient Api { get; } = fixture.Authorized();

    public async Task<string> CreateUserAsync()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var response = await Api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Ada Lovelace", locale = "en" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userId;
    }

    public async Task<string> TokenForAsync(string userId)
    {
        var response = await Api.PostAsync($"/api/v1/users/{userId}/token", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public HttpClient Subscriber(string token)
    {
        var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Posts an in-app notification and returns its id once the API has accepted it.</summary>
    public async Task<string> SendInAppAsync(string userId, object? data = null)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/notifications", new { userId, type = "welcome", data, channels = new[] { "inapp" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task WaitUntilSentAsync(string notificationId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var notification = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{notificationId}");
            if (notification.GetProperty("status").GetString() == "sent")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {notification.GetProperty("status")}: {notification}");
            await Task.Delay(20);
        }
    }
}
