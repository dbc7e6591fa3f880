using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Api.Tests;

public sealed class UsersApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _api = fixture.Authorized();

    [Fact]
    public async Task A_user_is_created_then_updated_field_by_field()
    {
        var userId = $"user-{Guid.NewGuid():N}";

        var created = await _api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Ada", email = "ada@example.com", timeZone = "Europe/London" });
        var updated = await _api.PutAsJsonAsync($"/api/v1/users/{userId}", new { phone = "+447700900123" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var user = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}");
        Assert.Equal("Ada", user.GetProperty("name").GetString());
        Assert.Equal("ada@example.com", user.GetProperty("email").GetString());
        Assert.Equal("+447700900123", user.GetProperty("phone").GetString());
        Assert.Equal("Europe/London", user.GetProperty("timeZone").GetString());
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "ada@example.com\r\nBcc: eve@example.com")]
    [InlineData("phone", "12345")]
    [InlineData("timeZone", "Nowhere/Special")]
    public async Task An_invalid_field_is_a_400_naming_it(string field, string value)
    {
        var response = await _api.PutAsJsonAsync($"/api/v1/users/user-{Guid.NewGuid():N}", new Dictionary<string, string> { [field] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_user_is_a_404()
    {
        var response = await _api.GetAsync($"/api/v1/users/user-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        var anonymous = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var document = await fixture.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/notifications", out _));
        Assert.True(paths.TryGetProperty("/api/v1/users/{userId}", out _));
    }
}
