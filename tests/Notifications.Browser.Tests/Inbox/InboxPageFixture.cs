using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Notifications.Browser.Tests.Inbox;

/// <summary>
/// The API in its embedded hosting on a real Kestrel port on loopback, and a headless Chromium (the system's, never a
/// downloaded one) to open its pages.
/// </summary>
public sealed class InboxPageFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "browser-test-key";
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), $"inbox-browser-{Guid.NewGuid():N}");
    private IPlaywright? _playwright;

    public Uri Address { get; } = new($"http://127.0.0.1:{FreePort()}");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>An HTTP client of the tenant's backend, holding the API key the browser never sees.</summary>
    public HttpClient Backend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        UseKestrel();
        StartServer();
        Backend = new HttpClient { BaseAddress = Address };
        Backend.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, Address.ToString().TrimEnd('/'));
        builder.UseSetting("Notifications:Security:BootstrapApiKey", ApiKey);
        builder.UseSetting("Notifications:Security:BootstrapTenant", "acme");
        builder.UseSetting("Notifications:Email:PickupDirectory", _mailDirectory);
        builder.UseSetting("Notifications:Silo:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Silo:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
    }

    public async Task<string> CreateUserAsync(string name)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        (await Backend.PutAsJsonAsync($"/api/v1/users/{userId}", new { name, locale = "en" })).EnsureSuccessStatusCode();
        return userId;
    }

    public async Task<string> TokenForAsync(string userId)
    {
        var response = await Backend.PostAsync($"/api/v1/users/{userId}/token", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task<string> SendInAppAsync(string userId, object? data = null)
    {
        var response = await Backend.PostAsJsonAsync("/api/v1/notifications", new { userId, type = "welcome", data, channels = new[] { "inapp" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Backend?.Dispose();
        await DisposeAsync();
        if (Directory.Exists(_mailDirectory))
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
