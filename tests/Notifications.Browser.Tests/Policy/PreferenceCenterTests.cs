using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing.Smtp;

namespace Notifications.Browser.Tests.Policy;

public sealed class PreferenceCenterTests(PolicyBrowserFixture fixture) : IClassFixture<PolicyBrowserFixture>
{
    private readonly HttpClient _api = fixture.Api();

    private async Task<(string UserId, string Email)> CreateUserAsync()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        var response = await _api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Grace Hopper", email, locale = "en", timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (userId, email);
    }

    private async Task<JsonElement> SendAndSettleAsync(string userId, string type)
    {
        var accepted = await _api.PostAsJsonAsync("/api/v1/notifications", new { userId, type, data = new { title = "Spring news" } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var notification = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
            if (notification.GetProperty("status").GetString() is "sent" or "failed" or "suppressed" or "deferred")
            {
                return notification;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {notification}");
            await Task.Delay(50);
        }
    }

    /// <summary>The List-Unsubscribe link of the latest email to <paramref name="email"/>, as a mail client shows it.</summary>
    private async Task<string> UnsubscribeLinkOfEmailAsync(string email, int count)
    {
        var message = (await fixture.Smtp.WaitForMessagesToAsync(email, count, TimeSpan.FromSeconds(10)))[count - 1].Message;
        var link = message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.StartsWith(fixture.BaseAddress.AbsoluteUri, link, StringComparison.Ordinal);
        return link;
    }

    [Fact]
    public async Task Open_toggle_save_reload_and_the_change_governs_the_next_notification()
    {
        var (userId, email) = await CreateUserAsync();
        var before = await SendAndSettleAsync(userId, "newsletter");
        Assert.Equal(("suppressed", "opted_out"), (before.GetProperty("status").GetString(), before.GetProperty("statusReason").GetString()));
        Assert.Equal("sent", (await SendAndSettleAsync(userId, "welcome")).GetProperty("status").GetString());
        var link = await UnsubscribeLinkOfEmailAsync(email, 1);

        // From the link in the welcome email to the preference center, as the user would go.
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Link, new() { Name = "choose what you receive" }).ClickAsync();
        await page.WaitForURLAsync("**/preferences?token=*");
        Assert.Equal("Notification preferences", await page.TitleAsync());

        var marketingEmail = page.GetByLabel("News and offers by email");
        var accountSms = page.GetByLabel("Account and orders by SMS");
        Assert.False(await marketingEmail.IsCheckedAsync()); // marketing is opt-in
        Assert.True(await accountSms.IsCheckedAsync());
        await marketingEmail.CheckAsync();
        await accountSms.UncheckAsync();
        await page.GetByLabel("Your time zone").SelectOptionAsync("America/New_York");
        // Quiet hours that start in three hours' time where the user now lives: the next newsletter is not held by them.
        var newYorkNow = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime);
        var (quietStart, quietEnd) = (newYorkNow.AddHours(3).ToString("HH:mm", CultureInfo.InvariantCulture), newYorkNow.AddHours(4).ToString("HH:mm", CultureInfo.InvariantCulture));
        await page.Locator("#q0-start").FillAsync(quietStart);
        await page.Locator("#q0-end").FillAsync(quietEnd);
        await page.GetByLabel("Sunday").First.UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();

        await page.GetByRole(AriaRole.Status).WaitForAsync();
        Assert.Equal("Your preferences are saved.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        await page.ReloadAsync();
        Assert.True(await page.GetByLabel("News and offers by email").IsCheckedAsync());
        Assert.False(await page.GetByLabel("Account and orders by SMS").IsCheckedAsync());
        Assert.Equal("America/New_York", await page.GetByLabel("Your time zone").InputValueAsync());
        Assert.Equal((quietStart, quietEnd), (await page.Locator("#q0-start").InputValueAsync(), await page.Locator("#q0-end").InputValueAsync()));
        Assert.False(await page.Locator("#q0-sun").IsCheckedAsync());
        Assert.True(await page.Locator("#q0-sat").IsCheckedAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "preference-center.png"), FullPage = true });

        // The API sees what the page saved, and the next newsletter goes out.
        var stored = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/preferences");
        Assert.Equal("America/New_York", stored.GetProperty("timeZone").GetString());
        var window = Assert.Single(stored.GetProperty("quietHours").EnumerateArray());
        Assert.Equal(["mon", "tue", "wed", "thu", "fri", "sat"], window.GetProperty("days").EnumerateArray().Select(day => day.GetString()));
        var after = await SendAndSettleAsync(userId, "newsletter");
        Assert.Equal("sent", after.GetProperty("status").GetString());
        var newsletter = (await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10)))[1].Message;
        Assert.Equal("Spring news", newsletter.Subject);
    }

    [Fact]
    public async Task Every_control_has_a_label_and_the_page_works_without_script()
    {
        var (userId, email) = await CreateUserAsync();
        await SendAndSettleAsync(userId, "welcome");
        var link = await UnsubscribeLinkOfEmailAsync(email, 1);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Link, new() { Name = "choose what you receive" }).ClickAsync();
        await page.WaitForURLAsync("**/preferences?token=*");

        var controls = await page.Locator("input:not([type=hidden]), select").AllAsync();
        Assert.NotEmpty(controls);
        foreach (var control in controls)
        {
            var id = await control.GetAttributeAsync("id");
            Assert.False(string.IsNullOrEmpty(id), "a control without an id cannot have a label");
            Assert.Equal(1, await page.Locator($"label[for=\"{id}\"]").CountAsync());
        }

        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Table).CountAsync());
    }

    [Fact]
    public async Task The_unsubscribe_page_confirms_with_a_button_and_the_next_marketing_email_is_suppressed()
    {
        var (userId, email) = await CreateUserAsync();
        var optIn = await _api.PatchAsJsonAsync($"/api/v1/users/{userId}/preferences", new { categories = new { marketing = new { channels = new { email = true } } } });
        Assert.Equal(HttpStatusCode.OK, optIn.StatusCode);
        Assert.Equal("sent", (await SendAndSettleAsync(userId, "newsletter")).GetProperty("status").GetString());
        var message = (await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)))[0].Message;
        var bodyLink = System.Text.RegularExpressions.Regex.Match(message.HtmlBody ?? string.Empty, "href=\"([^\"]+/u/[^\"]+)\"").Groups[1].Value;

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(WebUtility.HtmlDecode(bodyLink));
        Assert.Equal("Unsubscribe from News and offers notifications by email?", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();

        Assert.Equal("You are unsubscribed", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var next = await SendAndSettleAsync(userId, "newsletter");
        Assert.Equal(("suppressed", "unsubscribed"), (next.GetProperty("status").GetString(), next.GetProperty("statusReason").GetString()));
    }
}
