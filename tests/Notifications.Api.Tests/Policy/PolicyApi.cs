using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Api.Tests.Policy;

/// <summary>Small steps the policy API tests share: users, notifications and their final status.</summary>
internal static class PolicyApi
{
    public static async Task<(string UserId, string Email)> CreateUserAsync(this HttpClient api, object? extra = null)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        var response = await api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Ada Lovelace", email, locale = "en" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (userId, email);
    }

    public static async Task<string> SendAsync(this HttpClient api, string userId, string type, string? priority = null)
    {
        var response = await api.PostAsJsonAsync("/api/v1/notifications", new { userId, type, priority, data = new { title = "Spring news" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Polls until the notification stops moving (sent, failed, suppressed, deferred), and returns it.</summary>
    public static async Task<JsonElement> SettledAsync(this HttpClient api, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var notification = await api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
            if (notification.GetProperty("status").GetString() is "sent" or "failed" or "suppressed" or "deferred")
            {
                return notification;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {notification.GetProperty("status")}: {notification}");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
