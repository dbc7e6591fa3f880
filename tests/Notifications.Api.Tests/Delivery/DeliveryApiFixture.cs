using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Notifications.Api.Security;
using Notifications.Channels.Webhook;
using Notifications.Testing.Http;
using Notifications.Testing.Peers;
using Notifications.Testing.Smtp;

namespace Notifications.Api.Tests.Delivery;

/// <summary>
/// The API in its embedded hosting over the real pipeline, sending email to a real SMTP sink, with an admin key and
/// two send-and-read keys of the same tenant.
/// </summary>
public sealed class DeliveryApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "delivery-admin-key";
    public const string SenderKey = "delivery-sender-key";
    public const string OtherSenderKey = "delivery-other-sender-key";
    public const string CallbackKey = "delivery-callback-key";

    public static readonly string CallbackSecret = StandardWebhookSigner.GenerateSecret();

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    /// <summary>The default callback receiver of <see cref="CallbackKey"/>, on loopback (allow-listed for callbacks).</summary>
    public LoopbackHttpReceiver Callbacks { get; } = LoopbackHttpReceiver.Start();

    public HttpClient As(string key)
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
        ConfigureKey(builder, 0, "sender", SenderKey);
        ConfigureKey(builder, 1, "other-sender", OtherSenderKey);
        ConfigureKey(builder, 2, "callbacks", CallbackKey);
        builder.UseSetting("Notifications:Security:ApiKeys:2:CallbackUrl", $"{Callbacks.BaseUrl}/status");
        builder.UseSetting("Notifications:Security:ApiKeys:2:CallbackSecret", CallbackSecret);
        builder.UseSetting("Notifications:Callbacks:AllowHttp", "true");
        builder.UseSetting("Notifications:Callbacks:AllowedHosts:0", "127.0.0.1");
        builder.UseSetting("Notifications:Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Notifications:Email:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Email:Smtp:UseTls", "None");
        builder.UseSetting("Notifications:Silo:SiloPort", NodePeers.FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Silo:GatewayPort", NodePeers.FreePort().ToString(CultureInfo.InvariantCulture));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
        await Callbacks.DisposeAsync();
    }

    private static void ConfigureKey(IWebHostBuilder builder, int index, string name, string key)
    {
        var prefix = $"Notifications:Security:ApiKeys:{index}";
        builder.UseSetting($"{prefix}:Name", name);
        builder.UseSetting($"{prefix}:Hash", ApiKeyStore.Hash(key));
        builder.UseSetting($"{prefix}:Tenant", "acme");
        builder.UseSetting($"{prefix}:Scopes:0", Scopes.Send);
        builder.UseSetting($"{prefix}:Scopes:1", Scopes.Read);
    }
}
