using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Notifications.Testing.Smtp;

namespace Notifications.Api.Tests.Templates;

/// <summary>
/// The API in its embedded hosting over the real HTTP pipeline, sending to its own SMTP sink, with three keys: the
/// bootstrap admin key of tenant acme, a key of acme without the admin scope, and an admin key of tenant globex.
/// </summary>
public sealed class TemplatesApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "templates-admin-key";
    public const string SendOnlyKey = "templates-send-key";
    public const string OtherTenantKey = "globex-admin-key";

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public HttpClient Client(string key = AdminKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public Task InitializeAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Notifications:Security:BootstrapApiKey", AdminKey);
        builder.UseSetting("Notifications:Security:BootstrapTenant", "acme");
        builder.UseSetting("Notifications:Security:ApiKeys:0:Name", "sender");
        builder.UseSetting("Notifications:Security:ApiKeys:0:Hash", Sha256(SendOnlyKey));
        builder.UseSetting("Notifications:Security:ApiKeys:0:Tenant", "acme");
        builder.UseSetting("Notifications:Security:ApiKeys:0:Scopes:0", "send");
        builder.UseSetting("Notifications:Security:ApiKeys:1:Name", "globex-admin");
        builder.UseSetting("Notifications:Security:ApiKeys:1:Hash", Sha256(OtherTenantKey));
        builder.UseSetting("Notifications:Security:ApiKeys:1:Tenant", "globex");
        builder.UseSetting("Notifications:Security:ApiKeys:1:Scopes:0", "admin");
        builder.UseSetting("Notifications:Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Notifications:Email:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Email:Smtp:UseTls", "None");
        builder.UseSetting("Notifications:Silo:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Silo:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
        // The loop and size limits stop runaway templates here; the time limit is tested on the renderer. A generous one
        // keeps a first, cold render on a loaded CI machine from failing a test that expects it to succeed.
        builder.UseSetting("Notifications:Templates:RenderTimeout", "00:00:10");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class TemplatesApiCollection : ICollectionFixture<TemplatesApiFixture>
{
    public const string Name = "Templates API";
}
