using Notifications.Testing.Smtp;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifications.Api.Tests;

public sealed class NotificationsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _api = fixture.Authorized();

    private async Task<string> CreateUserAsync(string? email = null)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var response = await _api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Ada Lovelace", email = email ?? $"{userId}@example.com", locale = "en" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userId;
    }

    private async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var notification = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
            if (notification.GetProperty("status").GetString() == status)
            {
                return notification;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {notification.GetProperty("status")}: {notification}");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_welcome_email_goes_from_the_http_request_to_the_smtp_server()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var userId = await CreateUserAsync(email);

        var response = await _api.PostAsJsonAsync("/api/v1/notifications", new { userId, type = "welcome", data = new { plan = "Pro" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/notifications/{id}", response.Headers.Location?.OriginalString);

        var sent = await WaitForStatusAsync(id, "sent");
        Assert.Equal(userId, sent.GetProperty("userId").GetString());
        var attempt = Assert.Single(sent.GetProperty("attempts").EnumerateArray());
        Assert.Equal("email", attempt.GetProperty("channel").GetString());
        Assert.Equal("sent", attempt.GetProperty("status").GetString());

        var message = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
        Assert.Contains("Ada", message.Message.Subject + message.Message.TextBody);
        Assert.Contains("Ada", message.Message.HtmlBody);
    }

    [Fact]
    public async Task The_history_pages_newest_first()
    {
        var userId = await CreateUserAsync();
        var ids = new List<string>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var response = await _api.PostAsJsonAsync("/api/v1/notifications", new { userId, type = "welcome" });
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await WaitForStatusAsync(id, "sent");
            ids.Add(id);
        }

        var first = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/notifications?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/notifications?limit=2&cursor={Uri.EscapeDataString(cursor!)}");

        var seen = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(item => item.GetProperty("notificationId").GetString()).ToArray();
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.False(second.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task Without_a_valid_key_the_api_answers_401()
    {
        var anonymous = fixture.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/notifications", new { userId = "ada", type = "welcome" });
        await ProblemAsync(response, HttpStatusCode.Unauthorized);

        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-key");
        await ProblemAsync(await anonymous.GetAsync("/api/v1/users/ada"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await _api.PostAsync("/api/v1/notifications", new StringContent("{\"userId\": \"ada\", ", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_named()
    {
        var response = await _api.PostAsync("/api/v1/notifications", new StringContent("""{"userId": 42, "type": "welcome"}""", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("userId", out _), problem.ToString());
    }

    [Fact]
    public async Task A_missing_user_id_is_named()
    {
        var problem = await ProblemAsync(await _api.PostAsJsonAsync("/api/v1/notifications", new { type = "welcome" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("userId", out _));
    }

    [Fact]
    public async Task Unknown_channels_and_priorities_are_named()
    {
        var userId = await CreateUserAsync();
        var problem = await ProblemAsync(
            await _api.PostAsJsonAsync("/api/v1/notifications", new { userId, type = "welcome", channels = new[] { "email", "fax" }, priority = "urgent" }),
            HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("channels[1]", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("priority", out _));
    }

    [Fact]
    public async Task An_unknown_type_is_a_404_naming_the_type()
    {
        var userId = await CreateUserAsync();
        var problem = await ProblemAsync(await _api.PostAsJsonAsync("/api/v1/notifications", new { userId, type = "no-such-type" }), HttpStatusCode.NotFound);
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));
    }

    [Fact]
    public async Task An_unknown_user_is_a_404_naming_the_user()
    {
        var problem = await ProblemAsync(await _api.PostAsJsonAsync("/api/v1/notifications", new { userId = "nobody-here", type = "welcome" }), HttpStatusCode.NotFound);
        Assert.True(problem.GetProperty("errors").TryGetProperty("userId", out _));
    }

    [Fact]
    public async Task A_body_over_256_kb_is_refused_with_413()
    {
        var userId = await CreateUserAsync();
        var body = JsonSerializer.Serialize(new { userId, type = "welcome", data = new { blob = new string('x', 300 * 1024) } });
        await ProblemAsync(await _api.PostAsync("/api/v1/notifications", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_unknown_notification_is_a_404()
    {
        await ProblemAsync(await _api.GetAsync($"/api/v1/notifications/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }
}
