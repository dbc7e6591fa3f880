using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notifications.Browser.Tests.Inbox;

public sealed class InboxPageTests(InboxPageFixture fixture) : IClassFixture<InboxPageFixture>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 10_000 };

    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Address.ToString() });

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private async Task<IPage> OpenInboxAsync(string userId)
    {
        var page = await _context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync($"/demo/inbox#token={await fixture.TokenForAsync(userId)}");
        await Expect(page.Locator("#status")).ToHaveTextAsync($"Live: inbox of {userId}", Soon);
        Assert.Empty(errors);
        return page;
    }

    [Fact]
    public async Task A_sent_message_appears_live_and_marking_it_read_lowers_the_unread_count()
    {
        var userId = await fixture.CreateUserAsync("Ada Lovelace");
        var page = await OpenInboxAsync(userId);
        await Expect(page.Locator("#unread")).ToHaveTextAsync("0", Soon);

        var id = await fixture.SendInAppAsync(userId, new { plan = "Pro" });

        var message = page.Locator($".message[data-id='{id}']");
        await Expect(message.Locator(".title")).ToHaveTextAsync("Welcome, Ada Lovelace!", Soon);
        await Expect(message.Locator(".body")).ToHaveTextAsync("Your Acme account is ready on the Pro plan.", Soon);
        await Expect(message.Locator(".title")).ToHaveAttributeAsync("href", "https://app.example.com/login");
        await Expect(page.Locator("#unread")).ToHaveTextAsync("1", Soon);

        await message.GetByRole(AriaRole.Button, new() { Name = "Mark read" }).ClickAsync();

        await Expect(page.Locator("#unread")).ToHaveTextAsync("0", Soon);
        await Expect(message).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bread\b"));
    }

    [Fact]
    public async Task Markup_in_a_message_is_shown_as_text_never_run()
    {
        var userId = await fixture.CreateUserAsync("Mallory");
        var page = await OpenInboxAsync(userId);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        var id = await fixture.SendInAppAsync(userId, new { plan = "<img src=x onerror=alert(1)>" });

        var body = page.Locator($".message[data-id='{id}'] .body");
        await Expect(body).ToHaveTextAsync("Your Acme account is ready on the <img src=x onerror=alert(1)> plan.", Soon);
        Assert.Equal(0, await page.Locator("#messages img").CountAsync());
        Assert.Equal(0, dialogs);
    }
}
