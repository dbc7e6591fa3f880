using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Notifications.Channels.WebPush;
using Notifications.Channels.Webhook;
using Notifications.Testing.Apns;
using Notifications.Testing.Fcm;
using Notifications.Testing.Http;
using Notifications.Testing.Peers;
using Notifications.Testing.WebPush;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Notifications.Api.Tests.Channels;

[CollectionDefinition(Name)]
public sealed class ChannelsCollection : ICollectionFixture<ChannelsApiFixture>
{
    public const string Name = "channels";
}

/// <summary>
/// The API in its embedded hosting over the real pipeline, with every provider channel configured against a loopback
/// peer: WireMock for Twilio and for FCM with its token endpoint, a Node HTTP/2 TLS server for APNs, web-push-testing
/// for web push, and a receiver for webhooks. One notification type has a template for each of these channels.
/// </summary>
public sealed class ChannelsApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "channels-admin-key";
    public const string Type = "order-update";
    public const string TwilioAccountSid = "AC00112233445566778899aabbccddeeff";
    public const string TwilioAuthToken = "twilio-auth-token-for-tests";
    public const string TwilioFrom = "+15005550006";
    public const string TwilioMessagesPath = $"/2010-04-01/Accounts/{TwilioAccountSid}/Messages.json";

    /// <summary>Where Twilio is told to post receipts: a public URL, as behind a proxy; the tests post to its path.</summary>
    public const string PublicStatusCallbackUrl = "https://notify.acme.test/api/v1/providers/twilio/status";

    public const string FcmAccessToken = "ya29.channels-test-token";
    public const string FcmSendPath = $"/v1/projects/{FcmTestAccount.ProjectId}/messages:send";
    public const string ApnsTeamId = "TEAM123456";
    public const string ApnsKeyId = "KEY1234567";
    public const string ApnsBundleId = "com.acme.app";
    public const int ApnsTimeToLiveSeconds = 3600;

    public static readonly string WebhookSecret = StandardWebhookSigner.GenerateSecret();

    public ChannelsApiFixture()
    {
        Fcm = new FcmTestAccount(Google.BaseUrl() + "/token");
    }

    public WireMockServer Twilio { get; } = WireMockLoopback.Start();

    /// <summary>Google's token endpoint (the service account's token_uri) and FCM's messages:send.</summary>
    public WireMockServer Google { get; } = WireMockLoopback.Start();

    public FcmTestAccount Fcm { get; }

    public ECDsa ApnsSigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ApnsFake Apns { get; private set; } = null!;

    public VapidKeys Vapid { get; } = VapidKeys.Generate();

    public WebPushTestingPeer WebPush { get; private set; } = null!;

    /// <summary>
    /// Answers 401 to requests whose Standard Webhooks signature does not verify with <see cref="WebhookSecret"/>, else 200
    /// (410 on <see cref="GoneWebhookPaths"/>).
    /// </summary>
    public LoopbackHttpReceiver Webhooks { get; } = LoopbackHttpReceiver.Start();

    /// <summary>Paths where the webhook receiver answers 410 Gone to a correctly signed request.</summary>
    public ConcurrentDictionary<string, bool> GoneWebhookPaths { get; } = new();

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Apns = await ApnsFake.StartAsync();
        WebPush = await WebPushTestingPeer.StartAsync();
        var signer = new StandardWebhookSigner(WebhookSecret);
        Webhooks.AnswerWith(request => new ReceiverAnswer(
            !(request.Headers.TryGetValue(StandardWebhookSigner.IdHeader, out var id)
              && request.Headers.TryGetValue(StandardWebhookSigner.TimestampHeader, out var timestamp)
              && signer.Verify(id, timestamp, request.Body, request.Headers.GetValueOrDefault(StandardWebhookSigner.SignatureHeader), DateTimeOffset.UtcNow))
                ? 401
                : GoneWebhookPaths.ContainsKey(request.PathAndQuery) ? 410 : 200));
        Google.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Json(200, $$"""{"access_token":"{{FcmAccessToken}}","expires_in":3600,"token_type":"Bearer"}"""));
        Google.Given(Request.Create().WithPath(FcmSendPath).UsingPost()).AtPriority(100)
            .RespondWith(Json(200, $$"""{"name":"projects/{{FcmTestAccount.ProjectId}}/messages/0:1700000000000000"}"""));

        _ = Server;
        Api = CreateClient();
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var type = await Api.PutAsJsonAsync($"/api/v1/templates/{Type}", new
        {
            category = "transactional",
            defaultLocale = "en",
            locales = new Dictionary<string, object>
            {
                ["en"] = new Dictionary<string, object>
                {
                    ["sms"] = new { text = "Order {{ data.order_id }} shipped with {{ data.carrier }}." },
                    ["push"] = new { title = "Order {{ data.order_id }} shipped", body = "With {{ data.carrier }}.", data = """{ "order_id": "{{ data.order_id }}" }""" },
                    ["webpush"] = new { title = "Order {{ data.order_id }} shipped", body = "With {{ data.carrier }}.", url = "https://shop.acme.test/orders/{{ data.order_id }}" },
                    ["webhook"] = new { json = """{ "event": "order.shipped", "order_id": "{{ data.order_id }}", "carrier": "{{ data.carrier }}" }""" },
                },
            },
        });
        Assert.True(type.IsSuccessStatusCode, await type.Content.ReadAsStringAsync());
    }

    /// <summary>Twilio answers a message create for <paramref name="phone"/> with this status and JSON body.</summary>
    public void AnswerTwilio(string phone, int status, string json) =>
        Twilio.Given(Request.Create().WithPath(TwilioMessagesPath).UsingPost().WithBody($"To={Uri.EscapeDataString(phone)}&*"))
            .RespondWith(Json(status, json));

    /// <summary>FCM answers a send to <paramref name="deviceToken"/> with this status and JSON body.</summary>
    public void AnswerFcm(string deviceToken, int status, string json) =>
        Google.Given(Request.Create().WithPath(FcmSendPath).UsingPost().WithBody($"*\"token\":\"{deviceToken}\"*")).AtPriority(1)
            .RespondWith(Json(status, json));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Notifications:Security:BootstrapApiKey", ApiKey);
        builder.UseSetting("Notifications:Security:BootstrapTenant", "acme");
        builder.UseSetting("Notifications:Silo:SiloPort", NodePeers.FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Silo:GatewayPort", NodePeers.FreePort().ToString(CultureInfo.InvariantCulture));

        builder.UseSetting("Notifications:Sms:Twilio:AccountSid", TwilioAccountSid);
        builder.UseSetting("Notifications:Sms:Twilio:AuthToken", TwilioAuthToken);
        builder.UseSetting("Notifications:Sms:Twilio:From", TwilioFrom);
        builder.UseSetting("Notifications:Sms:Twilio:StatusCallbackUrl", PublicStatusCallbackUrl);
        builder.UseSetting("Notifications:Sms:Twilio:BaseUrl", Twilio.BaseUrl());

        builder.UseSetting("Notifications:Push:Fcm:ServiceAccountJson", Fcm.Json);
        builder.UseSetting("Notifications:Push:Fcm:BaseUrl", Google.BaseUrl());
        builder.UseSetting("Notifications:Push:Apns:TeamId", ApnsTeamId);
        builder.UseSetting("Notifications:Push:Apns:KeyId", ApnsKeyId);
        builder.UseSetting("Notifications:Push:Apns:PrivateKeyPem", ApnsSigningKey.ExportPkcs8PrivateKeyPem());
        builder.UseSetting("Notifications:Push:Apns:BundleId", ApnsBundleId);
        builder.UseSetting("Notifications:Push:Apns:BaseUrl", Apns.BaseUrl);
        builder.UseSetting("Notifications:Push:Apns:TrustedServerCertificateFile", Apns.CertificatePath);
        builder.UseSetting("Notifications:Push:Apns:TimeToLiveSeconds", ApnsTimeToLiveSeconds.ToString(CultureInfo.InvariantCulture));

        builder.UseSetting("Notifications:WebPush:Subject", "mailto:ops@acme.test");
        builder.UseSetting("Notifications:WebPush:PublicKey", Vapid.PublicKey);
        builder.UseSetting("Notifications:WebPush:PrivateKey", Vapid.ExportPrivateKey());
        builder.UseSetting("Notifications:WebPush:AllowHttp", "true");
        builder.UseSetting("Notifications:WebPush:AllowedHosts:0", "localhost");
        builder.UseSetting("Notifications:WebPush:AllowedHosts:1", "127.0.0.1");

        builder.UseSetting("Notifications:Webhook:Secret", WebhookSecret);
        builder.UseSetting("Notifications:Webhook:AllowHttp", "true");
        builder.UseSetting("Notifications:Webhook:AllowedHosts:0", "127.0.0.1");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Api?.Dispose();
        await DisposeAsync();
        Twilio.Dispose();
        Google.Dispose();
        Fcm.Dispose();
        ApnsSigningKey.Dispose();
        Vapid.Dispose();
        await Webhooks.DisposeAsync();
        if (Apns is not null)
        {
            await Apns.DisposeAsync();
        }

        if (WebPush is not null)
        {
            await WebPush.DisposeAsync();
        }
    }

    private static IResponseBuilder Json(int status, string json) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json);
}
