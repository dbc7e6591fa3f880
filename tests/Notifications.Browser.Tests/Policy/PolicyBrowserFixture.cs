using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Notifications.Testing.Smtp;

namespace Notifications.Browser.Tests.Policy;

/// <summary>
/// The API in its embedded hosting on a real Kestrel socket on loopback (a browser needs one), sending email to an SMTP
/// sink, and Debian's Chromium driven by Playwright. Playwright is never asked to download a browser.
/// </summary>
public sealed class PolicyBrowserFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "browser-tests-key";
    public const string Tenant = "acme";
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public int Port { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>An HTTP client of the running server, with the tenant's API key.</summary>
    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>A fresh browser context (no cookies, no cache) with a page in it.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "en-GB" });
        return await context.NewPageAsync();
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (scripts/test.sh does).");
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        StartServer();
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
        builder.UseSetting("urls", BaseAddress.AbsoluteUri);
        builder.UseSetting("Notifications:PublicBaseUrl", BaseAddress.AbsoluteUri);
        builder.UseSetting("Notifications:Security:BootstrapApiKey", ApiKey);
        builder.UseSetting("Notifications:Security:BootstrapTenant", Tenant);
        builder.UseSetting("Notifications:Security:UnsubscribeKey", "browser-tests-unsubscribe-key-at-least-32-characters");
        builder.UseSetting("Notifications:Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Notifications:Email:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Email:Smtp:UseTls", "None");
        builder.UseSetting("Notifications:Silo:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Silo:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
