using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.WebPush;
using Notifications.Testing.Http;
using Notifications.Testing.WebPush;

namespace Notifications.Channels.Tests.WebPush;

/// <summary>
/// The web push channel, registered as the product registers it, end to end against the web-push-testing emulator (it
/// checks VAPID and TTL and decrypts), and against a loopback receiver to pin the exact request.
/// </summary>
public sealed class WebPushSenderTests : IAsyncLifetime
{
    private const string Subject = "mailto:ops@acme.test";
    private readonly VapidKeys keys = VapidKeys.Generate();
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private WebPushTestingPeer emulator = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        emulator = await WebPushTestingPeer.StartAsync();
        services = Build(new()
        {
            ["Notifications:WebPush:Subject"] = Subject,
            ["Notifications:WebPush:PublicKey"] = keys.PublicKey,
            ["Notifications:WebPush:PrivateKey"] = keys.ExportPrivateKey(),
            ["Notifications:WebPush:AllowHttp"] = "true",
            ["Notifications:WebPush:AllowedHosts:0"] = "localhost",
            ["Notifications:WebPush:AllowedHosts:1"] = "127.0.0.1",
        });
    }

    [Fact]
    public async Task The_emulator_accepts_the_vapid_signed_encrypted_message_and_decrypts_the_payload()
    {
        var (subscription, clientHash) = await emulator.SubscribeAsync(keys.PublicKey);
        var message = Message(subscription, url: "https://app.acme.test/orders/42");

        var result = await Sender.SendAsync(message, CancellationToken.None);

        Assert.True(result.Outcome == DeliveryOutcome.Sent, $"{result.Error}\n{emulator.Transcript}");
        var payload = JsonNode.Parse(Assert.Single(await emulator.GetNotificationsAsync(clientHash)));
        var expected = new JsonObject
        {
            ["title"] = "Order shipped",
            ["body"] = "Order 42 is on its way.",
            ["url"] = "https://app.acme.test/orders/42",
            ["notificationId"] = message.NotificationId,
        };
        Assert.True(JsonNode.DeepEquals(expected, payload), payload?.ToJsonString());
    }

    [Fact]
    public async Task An_expired_subscription_is_gone()
    {
        var (subscription, clientHash) = await emulator.SubscribeAsync(keys.PublicKey);
        await emulator.ExpireAsync(clientHash);

        var result = await Sender.SendAsync(Message(subscription), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.AddressGone, result.Outcome);
        Assert.Empty(await emulator.GetNotificationsAsync(clientHash));
    }

    [Fact]
    public async Task A_subscription_made_for_another_application_server_key_is_refused()
    {
        using var otherKeys = VapidKeys.Generate();
        var (subscription, clientHash) = await emulator.SubscribeAsync(otherKeys.PublicKey);

        var result = await Sender.SendAsync(Message(subscription), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Empty(await emulator.GetNotificationsAsync(clientHash));
    }

    [Fact]
    public async Task Sends_the_rfc_8030_headers_and_a_vapid_token_for_the_endpoint_origin()
    {
        await using var pushService = LoopbackHttpReceiver.Start();
        pushService.AnswerWith(_ => new ReceiverAnswer(201, new Dictionary<string, string> { ["Location"] = pushService.BaseUrl + "/m/1" }));
        using var browser = new WebPushReceiver();
        var message = Message(browser.SubscriptionJson(pushService.BaseUrl + "/push/abc"), priority: Priority.Critical);

        var result = await Sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal(pushService.BaseUrl + "/m/1", result.ProviderMessageId);
        var request = Assert.Single(pushService.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/push/abc", request.PathAndQuery);
        Assert.Equal("86400", request.Headers["TTL"]);
        Assert.Equal("aes128gcm", request.Headers["Content-Encoding"]);
        Assert.Equal("application/octet-stream", request.Headers["Content-Type"]);
        Assert.Equal("high", request.Headers["Urgency"]);
        Assert.Matches("^[A-Za-z0-9_-]{32}$", request.Headers["Topic"]);

        var authorization = request.Headers["Authorization"];
        Assert.EndsWith($", k={keys.PublicKey}", authorization);
        var jwt = authorization["vapid t=".Length..authorization.IndexOf(',', StringComparison.Ordinal)].Split('.');
        using var verifier = ECDsa.Create(WebPushEncryption.PublicKeyParameters(keys.PublicKeyBytes));
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256));
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(jwt[1]))!;
        Assert.Equal(pushService.BaseUrl, claims["aud"]!.GetValue<string>());
        Assert.Equal(Subject, claims["sub"]!.GetValue<string>());
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims["exp"]!.GetValue<long>());
        Assert.InRange(expires - time.GetUtcNow(), TimeSpan.FromHours(1), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task A_retried_attempt_carries_the_same_topic_so_it_replaces_the_first()
    {
        await using var pushService = LoopbackHttpReceiver.Start();
        pushService.AnswerWith(_ => new ReceiverAnswer(201));
        using var browser = new WebPushReceiver();
        var message = Message(browser.SubscriptionJson(pushService.BaseUrl + "/push/abc"), priority: Priority.Bulk);

        await Sender.SendAsync(message, CancellationToken.None);
        await Sender.SendAsync(message with { Attempt = 2 }, CancellationToken.None);

        Assert.Equal(pushService.Requests[0].Headers["Topic"], pushService.Requests[1].Headers["Topic"]);
        Assert.Equal("low", pushService.Requests[0].Headers["Urgency"]);
    }

    [Theory]
    [InlineData(429, DeliveryOutcome.RetryLater)]
    [InlineData(503, DeliveryOutcome.RetryLater)]
    [InlineData(404, DeliveryOutcome.AddressGone)]
    [InlineData(413, DeliveryOutcome.PermanentFailure)]
    public async Task Classifies_what_the_push_service_answers(int status, DeliveryOutcome outcome)
    {
        await using var pushService = LoopbackHttpReceiver.Start();
        pushService.AnswerWith(_ => new ReceiverAnswer(status, new Dictionary<string, string> { ["Retry-After"] = "90" }));
        using var browser = new WebPushReceiver();

        var result = await Sender.SendAsync(Message(browser.SubscriptionJson(pushService.BaseUrl + "/push/abc")), CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        if (outcome == DeliveryOutcome.RetryLater)
        {
            Assert.Equal(time.GetUtcNow().AddSeconds(90), result.RetryAt);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"endpoint":"https://push.example.com/x"}""")]
    [InlineData("""{"endpoint":"https://push.example.com/x","keys":{"p256dh":"AAAA","auth":"AAAA"}}""")]
    public async Task A_malformed_subscription_is_gone(string address)
    {
        var result = await Sender.SendAsync(Message(address), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.AddressGone, result.Outcome);
    }

    [Fact]
    public async Task A_subscription_key_off_the_curve_is_gone_without_a_request()
    {
        var offCurve = Base64Url.EncodeToString([0x04, .. new byte[64]]);
        var address = $$$"""{"endpoint":"https://push.example.com/x","keys":{"p256dh":"{{{offCurve}}}","auth":"AAAAAAAAAAAAAAAAAAAAAA"}}""";

        var result = await Sender.SendAsync(Message(address), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.AddressGone, result.Outcome);
        Assert.Contains("P-256", result.Error);
    }

    [Fact]
    public async Task An_endpoint_on_an_internal_address_is_refused()
    {
        using var browser = new WebPushReceiver();

        var result = await Sender.SendAsync(Message(browser.SubscriptionJson("http://169.254.169.254/latest/meta-data/")), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("cloud metadata", result.Error);
    }

    [Fact]
    public async Task A_payload_too_large_for_a_push_message_is_refused()
    {
        using var browser = new WebPushReceiver();

        var result = await Sender.SendAsync(Message(browser.SubscriptionJson("https://push.example.com/x"), body: new string('x', 4000)), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("3993", result.Error);
    }

    [Fact]
    public void Without_a_subject_no_web_push_sender_is_registered()
    {
        using var empty = Build([]);

        Assert.Null(empty.GetKeyedService<IChannelSender>(Channel.WebPush));
        Assert.Null(empty.GetService<VapidKeys>());
    }

    [Fact]
    public void Missing_keys_fail_at_start_up_outside_development()
    {
        using var production = Build(new() { ["Notifications:WebPush:Subject"] = Subject }, Environments.Production);

        var failure = Assert.Throws<OptionsValidationException>(() => production.GetRequiredService<IOptions<WebPushOptions>>().Value);

        Assert.Contains("Notifications:WebPush:PublicKey", failure.Message);
    }

    [Fact]
    public void Missing_keys_are_generated_in_development()
    {
        using var development = Build(new() { ["Notifications:WebPush:Subject"] = Subject }, Environments.Development);

        var generated = development.GetRequiredService<VapidKeys>();

        Assert.True(generated.IsGenerated);
        Assert.NotNull(development.GetKeyedService<IChannelSender>(Channel.WebPush));
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await emulator.DisposeAsync();
        keys.Dispose();
    }

    private IChannelSender Sender => services.GetRequiredKeyedService<IChannelSender>(Channel.WebPush);

    private ServiceProvider Build(Dictionary<string, string?> settings, string? environment = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddSingleton<TimeProvider>(time);
        if (environment is not null)
        {
            collection.AddSingleton<IHostEnvironment>(new TestEnvironment(environment));
        }

        return collection.AddWebPushChannel(configuration).BuildServiceProvider(validateScopes: true);
    }

    private static OutboundMessage Message(
        string subscription, string? url = null, Priority priority = Priority.Standard, string body = "Order 42 is on its way.") =>
        new("acme", NotificationIds.New(), "user-1", Channel.WebPush, subscription,
            new RenderedContent(Title: "Order shipped", Body: body, Url: url), 1, priority);

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
