using Notifications.Testing.Smtp;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifications.Api.Tests.Policy;

public sealed class PreferencesApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _api = fixture.Authorized();

    private Task<HttpResponseMessage> PatchAsync(string userId, string json) =>
        _api.PatchAsync($"/api/v1/users/{userId}/preferences", new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PutAsync(string userId, string json) =>
        _api.PutAsync($"/api/v1/users/{userId}/preferences", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_new_user_has_the_operators_defaults_and_marketing_needs_opt_in()
    {
        var (userId, _) = await _api.CreateUserAsync();

        var preferences = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/preferences");

        Assert.False(preferences.GetProperty("optOutNonCritical").GetBoolean());
        Assert.Empty(preferences.GetProperty("categories").EnumerateObject());
        var effective = preferences.GetProperty("effective");
        Assert.True(effective.GetProperty("transactional").GetProperty("email").GetBoolean());
        Assert.False(effective.GetProperty("marketing").GetProperty("email").GetBoolean());
    }

    [Fact]
    public async Task Put_replaces_and_get_reads_back_what_was_put()
    {
        var (userId, _) = await _api.CreateUserAsync();

        var response = await PutAsync(userId, """
            {
              "optOutNonCritical": false,
              "categories": { "marketing": { "channels": { "email": true, "sms": false }, "order": ["push", "email"] } },
              "quietHours": [ { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "22:00", "end": "07:00" },
                              { "days": ["sat", "sunday"], "start": "20:00", "end": "09:30", "channels": ["push"] } ],
              "timeZone": "America/New_York"
            }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/preferences");
        var marketing = stored.GetProperty("categories").GetProperty("marketing");
        Assert.True(marketing.GetProperty("channels").GetProperty("email").GetBoolean());
        Assert.Equal(["push", "email"], marketing.GetProperty("order").EnumerateArray().Select(channel => channel.GetString()));
        Assert.True(stored.GetProperty("effective").GetProperty("marketing").GetProperty("email").GetBoolean());
        var windows = stored.GetProperty("quietHours").EnumerateArray().ToArray();
        Assert.Equal(2, windows.Length);
        Assert.Equal(["sat", "sun"], windows[1].GetProperty("days").EnumerateArray().Select(day => day.GetString()));
        Assert.Equal(("20:00", "09:30"), (windows[1].GetProperty("start").GetString(), windows[1].GetProperty("end").GetString()));
        Assert.Equal(["push"], windows[1].GetProperty("channels").EnumerateArray().Select(channel => channel.GetString()));
        Assert.Equal("America/New_York", stored.GetProperty("timeZone").GetString());
        var user = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}");
        Assert.Equal("America/New_York", user.GetProperty("timeZone").GetString());

        await PutAsync(userId, """{ "optOutNonCritical": true }""");
        var replaced = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/preferences");
        Assert.True(replaced.GetProperty("optOutNonCritical").GetBoolean());
        Assert.Empty(replaced.GetProperty("categories").EnumerateObject());
        Assert.Empty(replaced.GetProperty("quietHours").EnumerateArray());
    }

    [Fact]
    public async Task Patch_merges_channel_by_channel_and_keeps_what_it_does_not_name()
    {
        var (userId, _) = await _api.CreateUserAsync();
        await PutAsync(userId, """
            { "categories": { "marketing": { "channels": { "email": true, "push": true } } },
              "quietHours": [ { "days": ["mon"], "start": "23:00", "end": "06:00" } ] }
            """);

        var response = await PatchAsync(userId, """{ "categories": { "marketing": { "channels": { "push": false } }, "transactional": { "channels": { "sms": false } } } }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        var marketing = merged.GetProperty("categories").GetProperty("marketing").GetProperty("channels");
        Assert.True(marketing.GetProperty("email").GetBoolean());
        Assert.False(marketing.GetProperty("push").GetBoolean());
        Assert.False(merged.GetProperty("categories").GetProperty("transactional").GetProperty("channels").GetProperty("sms").GetBoolean());
        Assert.Single(merged.GetProperty("quietHours").EnumerateArray());
    }

    [Theory]
    [InlineData("""{ "categories": { "marketing": { "channels": { "fax": true } } } }""", "categories.marketing.channels.fax")]
    [InlineData("""{ "categories": { "Not A Name": { } } }""", "categories.Not A Name")]
    [InlineData("""{ "quietHours": [ { "days": ["funday"], "start": "22:00", "end": "07:00" } ] }""", "quietHours[0].days")]
    [InlineData("""{ "quietHours": [ { "days": ["mon"], "start": "25:00", "end": "07:00" } ] }""", "quietHours[0].start")]
    [InlineData("""{ "quietHours": [ { "days": ["mon"], "start": "07:00", "end": "07:00" } ] }""", "quietHours[0].end")]
    [InlineData("""{ "timeZone": "Mars/Olympus_Mons" }""", "timeZone")]
    [InlineData("""{ "optOutNonCritical": "yes" }""", "optOutNonCritical")]
    public async Task Invalid_preferences_are_a_400_naming_the_field(string json, string field)
    {
        var (userId, _) = await _api.CreateUserAsync();

        var problem = await PolicyApi.ProblemAsync(await PatchAsync(userId, json), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Preferences_of_an_unknown_user_are_a_404()
    {
        var userId = $"nobody-{Guid.NewGuid():N}";

        await PolicyApi.ProblemAsync(await _api.GetAsync($"/api/v1/users/{userId}/preferences"), HttpStatusCode.NotFound);
        await PolicyApi.ProblemAsync(await PatchAsync(userId, """{ "optOutNonCritical": true }"""), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_preferences_govern_the_next_notification()
    {
        var (userId, email) = await _api.CreateUserAsync();

        var optedOut = await _api.SettledAsync(await _api.SendAsync(userId, "newsletter"));
        await PatchAsync(userId, """{ "categories": { "marketing": { "channels": { "email": true } } } }""");
        var optedIn = await _api.SettledAsync(await _api.SendAsync(userId, "newsletter"));
        await PatchAsync(userId, """{ "optOutNonCritical": true }""");
        var paused = await _api.SettledAsync(await _api.SendAsync(userId, "welcome"));
        var critical = await _api.SettledAsync(await _api.SendAsync(userId, "welcome", "critical"));

        Assert.Equal(("suppressed", "opted_out"), (optedOut.GetProperty("status").GetString(), optedOut.GetProperty("statusReason").GetString()));
        Assert.Equal("sent", optedIn.GetProperty("status").GetString());
        Assert.Equal(("suppressed", "opted_out"), (paused.GetProperty("status").GetString(), paused.GetProperty("statusReason").GetString()));
        Assert.Equal("sent", critical.GetProperty("status").GetString());
        Assert.Equal(2, (await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10))).Count);
        var history = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/notifications");
        Assert.Equal(2, history.GetProperty("items").EnumerateArray().Count(item => item.TryGetProperty("statusReason", out var reason) && reason.GetString() == "opted_out"));
    }
}
