using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing.Smtp;

namespace Notifications.Api.Tests.Policy;

public sealed class OneClickUnsubscribeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _api = fixture.Authorized();

    /// <summary>A user who opted in to marketing email and received one newsletter; returns its List-Unsubscribe URL.</summary>
    private async Task<(string UserId, string Email, Uri Unsubscribe)> SubscribedUserWithOneNewsletterAsync()
    {
        var (userId, email) = await _api.CreateUserAsync();
        var optIn = await _api.PatchAsJsonAsync($"/api/v1/users/{userId}/preferences", new { categories = new { marketing = new { channels = new { email = true } } } });
        Assert.Equal(HttpStatusCode.OK, optIn.StatusCode);
        var sent = await _api.SettledAsync(await _api.SendAsync(userId, "newsletter"));
        Assert.Equal("sent", sent.GetProperty("status").GetString());

        var message = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10))).Message;
        var header = message.Headers["List-Unsubscribe"] ?? string.Empty;
        Assert.Matches("^<https?://[^>]+/u/[A-Za-z0-9_.-]+>$", header);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var url = new Uri(header.Trim('<', '>'));
        Assert.Contains(url.AbsoluteUri, message.TextBody);
        Assert.Contains(url.AbsoluteUri, message.HtmlBody);
        return (userId, email, url);
    }

    [Fact]
    public async Task A_one_click_post_unsubscribes_marketing_email_while_critical_still_goes()
    {
        var (userId, email, unsubscribe) = await SubscribedUserWithOneNewsletterAsync();

        // Exactly what a mailbox provider sends (RFC 8058): a POST to the URL, form-encoded body, no cookies, no credentials.
        using var mailboxProvider = fixture.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var response = await mailboxProvider.PostAsync(
            unsubscribe.PathAndQuery, new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("unsubscribed", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var marketing = await _api.SettledAsync(await _api.SendAsync(userId, "newsletter"));
        var critical = await _api.SettledAsync(await _api.SendAsync(userId, "newsletter", "critical"));
        var transactional = await _api.SettledAsync(await _api.SendAsync(userId, "welcome"));

        Assert.Equal(("suppressed", "unsubscribed"), (marketing.GetProperty("status").GetString(), marketing.GetProperty("statusReason").GetString()));
        Assert.Empty(marketing.GetProperty("attempts").EnumerateArray());
        Assert.Equal("sent", critical.GetProperty("status").GetString());
        Assert.Equal("sent", transactional.GetProperty("status").GetString());
        var received = await fixture.Smtp.WaitForMessagesToAsync(email, 3, TimeSpan.FromSeconds(10));
        Assert.Equal(3, received.Count); // the first newsletter, the critical one and the welcome: not the suppressed one
        var preferences = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/preferences");
        Assert.Equal(["marketing:email"], preferences.GetProperty("unsubscribed").EnumerateArray().Select(item => item.GetString()));
        Assert.False(preferences.GetProperty("effective").GetProperty("marketing").GetProperty("email").GetBoolean());
        var history = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/notifications");
        Assert.Contains(history.GetProperty("items").EnumerateArray(), item => item.TryGetProperty("statusReason", out var reason) && reason.GetString() == "unsubscribed");

        var again = await mailboxProvider.PostAsync(
            unsubscribe.PathAndQuery, new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Opening_the_link_only_asks_and_unsubscribes_nothing()
    {
        var (userId, email, unsubscribe) = await SubscribedUserWithOneNewsletterAsync();

        var page = await fixture.CreateClient().GetAsync(unsubscribe.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("News and offers notifications by email", html);
        Assert.Contains($"action=\"{unsubscribe.AbsolutePath}\"", html);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", html);
        Assert.Contains("/preferences?token=", html);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var next = await _api.SettledAsync(await _api.SendAsync(userId, "newsletter"));
        Assert.Equal("sent", next.GetProperty("status").GetString());
        Assert.Equal(2, (await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10))).Count);
    }

    [Fact]
    public async Task A_post_without_the_one_click_body_or_with_a_forged_token_unsubscribes_nothing()
    {
        var (userId, _, unsubscribe) = await SubscribedUserWithOneNewsletterAsync();
        var anonymous = fixture.CreateClient();
        var token = unsubscribe.Segments[^1];
        var forged = token[..^3] + (token.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");

        var noBody = await anonymous.PostAsync(unsubscribe.PathAndQuery, new FormUrlEncodedContent([]));
        var forgedToken = await anonymous.PostAsync($"/u/{forged}", new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));
        var garbage = await anonymous.PostAsync("/u/not-a-token", new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forgedToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        var preferences = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/preferences");
        Assert.Empty(preferences.GetProperty("unsubscribed").EnumerateArray());
    }
}
