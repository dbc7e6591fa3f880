using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Api.Tests.Delivery;

/// <summary>What the delivery API tests do over and over: create users, post, poll, read problems.</summary>
internal static class DeliveryApi
{
    public static async Task<(string UserId, string Email)> CreateUserAsync(HttpClient api, string? timeZone = null)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        var response = await api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Ada Lovelace", email, locale = "en", timeZone });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (userId, email);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient api, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/notifications") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await api.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public static async Task<string> AcceptedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>The body as JSON; it can be read again (a content's stream can be read once).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient api, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var notification = await api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
            if (notification.GetProperty("status").GetString() == status)
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
