using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Notifications.Testing.Smtp;

namespace Notifications.Api.Tests;

/// <summary>The API in its embedded hosting, over the real ASP.NET Core pipeline, sending to a real SMTP sink.</summary>
public sealed class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "test-admin-key";

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public int GatewayPort { get; } = FreePort();

    public HttpClient Authorized()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public async Task InitializeAsync()
    {
        _ = Server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Notifications:Security:BootstrapApiKey", ApiKey);
        builder.UseSetting("Notifications:Security:BootstrapTenant", "acme");
        builder.UseSetting("Notifications:Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Notifications:Email:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Email:Smtp:UseTls", "None");
        builder.UseSetting("Notifications:Silo:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Silo:GatewayPort", GatewayPort.ToString(CultureInfo.InvariantCulture));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
