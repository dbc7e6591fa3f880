using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Api.Tests.Templates;

/// <summary>The calls the template tests make, as a user of the API would make them.</summary>
internal static class TemplateApiCalls
{
    public static string NewType() => $"type-{Guid.NewGuid():N}";

    /// <summary>A type body with an email template per locale: the subject says which locale and version it came from.</summary>
    public static object EmailType(string subject, string text = "Hello {{ user.name }}", string? html = null, bool? activate = null, params string[] locales) => new
    {
        category = "transactional",
        defaultLocale = "en",
        locales = (locales.Length == 0 ? ["en"] : locales).ToDictionary(
            locale => locale,
            locale => new Dictionary<string, Dictionary<string, string?>>
            {
                ["email"] = new() { ["subject"] = $"{subject} ({locale})", ["text"] = text, ["html"] = html },
            }),
        activate,
    };

    public static async Task<JsonElement> PutTypeAsync(this HttpClient api, string type, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await api.PutAsJsonAsync($"/api/v1/templates/{type}", body);
        var content = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {content}");
        return content;
    }

    public static async Task<(string UserId, string Email)> CreateUserAsync(this HttpClient api, string locale = "en")
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        var response = await api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Ada Lovelace", email, locale });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (userId, email);
    }

    public static async Task<string> SendAsync(this HttpClient api, string userId, string type, object? data = null)
    {
        var response = await api.PostAsJsonAsync("/api/v1/notifications", new { userId, type, data });
        var content = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {content}");
        return content.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the notification until it is sent, failed, dead-lettered or suppressed.</summary>
    public static async Task<JsonElement> WaitForOutcomeAsync(this HttpClient api, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var notification = await api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
            if (notification.GetProperty("status").GetString() is "sent" or "failed" or "dead_lettered" or "suppressed")
            {
                return notification;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {notification.GetProperty("status")}: {notification}");
            await Task.Delay(25);
        }
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
