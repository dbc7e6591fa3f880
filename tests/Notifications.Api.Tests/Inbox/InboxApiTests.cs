using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Api.Tests.Inbox;

public sealed class InboxApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly InboxTestClient _inbox = new(fixture);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];

    private static (int Unread, int Unseen, int Total) Counts(JsonElement counts) =>
        (counts.GetProperty("unread").GetInt32(), counts.GetProperty("unseen").GetInt32(), counts.GetProperty("total").GetInt32());

    [Fact]
    public async Task A_user_reads_pages_and_marks_their_inbox_with_a_subscriber_token()
    {
        var userId = await _inbox.CreateUserAsync();
        var sent = new List<string>();
        foreach (var plan in new[] { "Free", "Pro", "Team" })
        {
            var id = await _inbox.SendInAppAsync(userId, new { plan });
            await _inbox.WaitUntilSentAsync(id);
            sent.Add(id);
        }

        var browser = _inbox.Subscriber(await _inbox.TokenForAsync(userId));
        var inbox = $"/api/v1/users/{userId}/inbox";

        var first = await OkAsync(await browser.GetAsync($"{inbox}?limit=2"));
        var second = await OkAsync(await browser.GetAsync($"{inbox}?limit=2&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}"));
        Assert.Equal([sent[2], sent[1]], Ids(first));
        Assert.Equal([sent[0]], Ids(second));
        Assert.False(second.TryGetProperty("nextCursor", out _));
        Assert.Equal("Your Acme account is ready on the Team plan.", first.GetProperty("items")[0].GetProperty("body").GetString());
        Assert.Equal((3, 3, 3), Counts(first.GetProperty("counts")));

        var read = await OkAsync(await browser.PostAsync($"{inbox}/{sent[1]}/read", null));
        Assert.True(read.GetProperty("message").GetProperty("read").GetBoolean());
        Assert.Equal((2, 2, 3), Counts(read.GetProperty("counts")));
        Assert.Equal([sent[2], sent[0]], Ids(await OkAsync(await browser.GetAsync($"{inbox}?status=unread"))));

        Assert.Equal((2, 0, 3), Counts(await OkAsync(await browser.PostAsync($"{inbox}/seen-all", null))));
        Assert.Equal((1, 0, 2), Counts((await OkAsync(await browser.PostAsync($"{inbox}/{sent[0]}/archive", null))).GetProperty("counts")));
        Assert.Equal([sent[0]], Ids(await OkAsync(await browser.GetAsync($"{inbox}?status=archived"))));
        Assert.Equal((0, 0, 2), Counts(await OkAsync(await browser.PostAsync($"{inbox}/read-all", null))));
        Assert.Equal((0, 0, 0), Counts(await OkAsync(await browser.PostAsync($"{inbox}/archive-all", null))));
        Assert.Equal((0, 0, 0), Counts(await OkAsync(await browser.GetAsync($"{inbox}/counts"))));
    }

    [Fact]
    public async Task An_api_key_of_the_tenant_reaches_any_users_inbox()
    {
        var userId = await _inbox.CreateUserAsync();
        var id = await _inbox.SendInAppAsync(userId);
        await _inbox.WaitUntilSentAsync(id);

        Assert.Equal([id], Ids(await OkAsync(await _inbox.Api.GetAsync($"/api/v1/users/{userId}/inbox"))));
        Assert.Equal((0, 0, 1), Counts((await OkAsync(await _inbox.Api.PostAsync($"/api/v1/users/{userId}/inbox/{id}/read", null))).GetProperty("counts")));
    }

    [Fact]
    public async Task A_token_for_one_user_is_forbidden_everywhere_else()
    {
        var ada = await _inbox.CreateUserAsync();
        var bob = await _inbox.CreateUserAsync();
        var browser = _inbox.Subscriber(await _inbox.TokenForAsync(ada));

        await OkAsync(await browser.GetAsync($"/api/v1/users/{ada}/inbox"));
        var forbidden = new[]
        {
            await browser.GetAsync($"/api/v1/users/{bob}/inbox"),
            await browser.GetAsync($"/api/v1/users/{bob}/inbox/counts"),
            await browser.GetAsync($"/api/v1/users/{bob}/inbox/stream"),
            await browser.PostAsync($"/api/v1/users/{bob}/inbox/read-all", null),
            await browser.PostAsync($"/api/v1/users/{bob}/inbox/{Guid.NewGuid()}/archive", null),
            await browser.GetAsync($"/api/v1/users/{ada}"),
            await browser.PutAsJsonAsync($"/api/v1/users/{ada}", new { name = "Eve" }),
            await browser.GetAsync($"/api/v1/users/{ada}/notifications"),
            await browser.PostAsync($"/api/v1/users/{ada}/token", null),
            await browser.PostAsJsonAsync("/api/v1/notifications", new { userId = ada, type = "welcome" }),
            await browser.GetAsync($"/api/v1/notifications/{Guid.NewGuid()}"),
        };

        Assert.All(forbidden, response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));
        Assert.Equal("Ada Lovelace", (await OkAsync(await _inbox.Api.GetAsync($"/api/v1/users/{ada}"))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_token_is_issued_for_an_existing_user_with_its_expiry()
    {
        var userId = await _inbox.CreateUserAsync();

        var issued = await OkAsync(await _inbox.Api.PostAsync($"/api/v1/users/{userId}/token", null));
        var unknown = await _inbox.Api.PostAsync($"/api/v1/users/user-{Guid.NewGuid():N}/token", null);

        Assert.StartsWith("st1.", issued.GetProperty("token").GetString());
        var expiresAt = issued.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        await ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Forged_tokens_and_api_keys_in_the_query_string_are_refused()
    {
        var userId = await _inbox.CreateUserAsync();
        var token = await _inbox.TokenForAsync(userId);
        var other = await _inbox.CreateUserAsync();
        var parts = token.Split('.');
        var forPayload = (await _inbox.TokenForAsync(other)).Split('.')[1];
        var anonymous = fixture.CreateClient();

        await ProblemAsync(await _inbox.Subscriber($"{parts[0]}.{forPayload}.{parts[2]}").GetAsync($"/api/v1/users/{other}/inbox"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await _inbox.Subscriber($"{parts[0]}.{parts[1]}.{new string('A', 43)}").GetAsync($"/api/v1/users/{userId}/inbox"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await anonymous.GetAsync($"/api/v1/users/{userId}/inbox?access_token={ApiFixture.ApiKey}"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await anonymous.GetAsync($"/api/v1/users/{userId}/inbox"), HttpStatusCode.Unauthorized);
        await OkAsync(await anonymous.GetAsync($"/api/v1/users/{userId}/inbox?access_token={Uri.EscapeDataString(token)}"));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?status=starred", "status")]
    [InlineData("?cursor=not-a-cursor!", "cursor")]
    public async Task Bad_listing_parameters_are_named(string query, string field)
    {
        var problem = await ProblemAsync(await _inbox.Api.GetAsync($"/api/v1/users/ada/inbox{query}"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Marking_an_unknown_message_is_a_404()
    {
        var userId = await _inbox.CreateUserAsync();
        await ProblemAsync(await _inbox.Api.PostAsync($"/api/v1/users/{userId}/inbox/{Guid.NewGuid()}/read", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_page_and_its_script_are_served_with_a_strict_content_security_policy()
    {
        var anonymous = fixture.CreateClient();

        var page = await anonymous.GetAsync("/demo/inbox");
        var script = await anonymous.GetAsync("/demo/inbox/inbox.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("/demo/inbox/inbox.js", await page.Content.ReadAsStringAsync());
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_inbox()
    {
        var paths = (await fixture.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/v1/users/{userId}/inbox", out _));
        Assert.True(paths.TryGetProperty("/api/v1/users/{userId}/inbox/stream", out _));
        Assert.True(paths.TryGetProperty("/api/v1/users/{userId}/inbox/{messageId}/read", out _));
        Assert.True(paths.TryGetProperty("/api/v1/users/{userId}/token", out _));
    }
}
