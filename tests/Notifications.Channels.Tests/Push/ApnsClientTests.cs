using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.Push;
using Notifications.Testing.Apns;

namespace Notifications.Channels.Tests.Push;

/// <summary>
/// The push channel with APNs configured as the product configures it, against a Node.js HTTP/2 TLS server with a
/// certificate made for the test.
/// </summary>
public sealed class ApnsClientTests : IAsyncLifetime
{
    private const string TeamId = "TEAM123456";
    private const string KeyId = "KEY1234567";
    private const string BundleId = "com.acme.app";
    private const string DeviceToken = "0f744707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bbad78";
    private readonly ECDsa signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private ApnsFake apns = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        apns = await ApnsFake.StartAsync();
        services = Build(trustFakeCertificate: true);
    }

    [Fact]
    public async Task Sends_an_alert_over_http2_with_the_apns_headers_and_a_verifiable_provider_token()
    {
        var message = Message(title: "Order shipped", body: "Order 42 is on its way.", data: new Dictionary<string, string> { ["orderId"] = "42" });

        var result = await Sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var request = Assert.Single(await apns.WaitForRequestsAsync(1, Patience));
        Assert.Equal("2.0", request.HttpVersion);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/3/device/{DeviceToken}", request.Path);
        Assert.Equal(BundleId, request.Headers["apns-topic"]);
        Assert.Equal("alert", request.Headers["apns-push-type"]);
        Assert.Equal("10", request.Headers["apns-priority"]);
        Assert.Equal(time.GetUtcNow().AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Headers["apns-expiration"]);
        Assert.Equal(message.NotificationId, request.Headers["apns-collapse-id"]);
        Assert.Equal(message.NotificationId, request.Headers["apns-id"]);
        Assert.Equal(message.NotificationId, result.ProviderMessageId);
        Assert.Equal("application/json", request.Headers["content-type"]);
        var expectedBody = new JsonObject
        {
            ["aps"] = new JsonObject { ["alert"] = new JsonObject { ["title"] = "Order shipped", ["body"] = "Order 42 is on its way." }, ["sound"] = "default" },
            ["orderId"] = "42",
            ["notificationId"] = message.NotificationId,
        };
        Assert.True(JsonNode.DeepEquals(expectedBody, JsonNode.Parse(request.Body)), request.Body);
        AssertProviderToken(request, time.GetUtcNow());
    }

    [Fact]
    public async Task A_message_without_title_or_body_is_a_background_push_at_priority_5()
    {
        await Sender.SendAsync(Message(title: null, body: null, data: new Dictionary<string, string> { ["sync"] = "inbox" }), CancellationToken.None);

        var request = Assert.Single(await apns.WaitForRequestsAsync(1, Patience));
        Assert.Equal("background", request.Headers["apns-push-type"]);
        Assert.Equal("5", request.Headers["apns-priority"]);
        Assert.Equal(1, JsonNode.Parse(request.Body)!["aps"]!["content-available"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bulk_alerts_go_out_at_priority_5()
    {
        await Sender.SendAsync(Message(priority: Priority.Bulk), CancellationToken.None);

        Assert.Equal("5", Assert.Single(await apns.WaitForRequestsAsync(1, Patience)).Headers["apns-priority"]);
    }

    [Fact]
    public async Task Sends_share_one_connection_and_one_provider_token()
    {
        await Sender.SendAsync(Message(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(10));
        await Sender.SendAsync(Message(), CancellationToken.None);

        var requests = await apns.WaitForRequestsAsync(2, Patience);
        Assert.Equal(requests[0].ClientPort, requests[1].ClientPort);
        Assert.Equal(requests[0].Headers["authorization"], requests[1].Headers["authorization"]);
    }

    [Theory]
    [InlineData(410, "Unregistered", DeliveryOutcome.AddressGone)]
    [InlineData(400, "BadDeviceToken", DeliveryOutcome.AddressGone)]
    [InlineData(400, "DeviceTokenNotForTopic", DeliveryOutcome.PermanentFailure)]
    [InlineData(403, "Forbidden", DeliveryOutcome.PermanentFailure)]
    [InlineData(413, "PayloadTooLarge", DeliveryOutcome.PermanentFailure)]
    [InlineData(429, "TooManyRequests", DeliveryOutcome.RetryLater)]
    [InlineData(503, "ServiceUnavailable", DeliveryOutcome.RetryLater)]
    [InlineData(500, "InternalServerError", DeliveryOutcome.RetryLater)]
    public async Task Classifies_what_apns_answers(int status, string reason, DeliveryOutcome outcome)
    {
        await apns.ScriptAsync(DeviceToken, status, reason);

        var result = await Sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Contains(reason, result.Error);
        Assert.Single(await apns.WaitForRequestsAsync(1, Patience));
    }

    [Fact]
    public async Task Throttling_is_retried_when_apns_says()
    {
        await apns.ScriptAsync(DeviceToken, 429, "TooManyRequests", retryAfterSeconds: 60);

        var result = await Sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(time.GetUtcNow().AddSeconds(60), result.RetryAt);
    }

    [Fact]
    public async Task An_expired_provider_token_is_renewed_and_the_send_retried_once()
    {
        var issuedAt = time.GetUtcNow();
        await Sender.SendAsync(Message(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(30));
        await apns.ScriptAsync(DeviceToken, 403, "ExpiredProviderToken");

        var result = await Sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var requests = await apns.WaitForRequestsAsync(3, Patience);
        Assert.Equal(requests[0].Headers["authorization"], requests[1].Headers["authorization"]);
        AssertProviderToken(requests[1], issuedAt);
        AssertProviderToken(requests[2], time.GetUtcNow());
    }

    [Fact]
    public async Task A_provider_token_younger_than_20_minutes_is_not_renewed_when_refused()
    {
        await apns.ScriptAsync(DeviceToken, 403, "ExpiredProviderToken");

        var result = await Sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("ExpiredProviderToken", result.Error);
        Assert.Single(await apns.WaitForRequestsAsync(1, Patience));
    }

    [Fact]
    public async Task A_server_certificate_that_was_not_configured_as_trusted_is_refused()
    {
        await using var untrusting = Build(trustFakeCertificate: false);

        var result = await untrusting.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("TLS", result.Error);
        Assert.Empty(apns.Requests);
    }

    [Fact]
    public async Task A_token_that_is_not_hexadecimal_is_gone_without_calling_apns()
    {
        var result = await Sender.SendAsync(Message() with { Address = "apns:not-a-token/../../admin" }, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.AddressGone, result.Outcome);
        Assert.Empty(apns.Requests);
    }

    [Fact]
    public async Task A_payload_over_4_kilobytes_is_refused_without_calling_apns()
    {
        var result = await Sender.SendAsync(Message(body: new string('x', 4100)), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Empty(apns.Requests);
    }

    [Fact]
    public async Task Fcm_addresses_fail_with_a_hint_when_only_apns_is_configured()
    {
        var result = await Sender.SendAsync(Message() with { Address = "fcm:token" }, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("Notifications:Push:Fcm", result.Error);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await apns.DisposeAsync();
        signingKey.Dispose();
    }

    private static TimeSpan Patience => TimeSpan.FromSeconds(15);

    private IChannelSender Sender => services.GetRequiredKeyedService<IChannelSender>(Channel.Push);

    private void AssertProviderToken(ApnsRequest request, DateTimeOffset issuedAt)
    {
        var authorization = request.Headers["authorization"];
        Assert.StartsWith("bearer ", authorization);
        var parts = authorization["bearer ".Length..].Split('.');
        Assert.Equal(3, parts.Length);
        Assert.True(signingKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["alg"] = "ES256", ["kid"] = KeyId }, JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))));
        Assert.True(JsonNode.DeepEquals(
            new JsonObject { ["iss"] = TeamId, ["iat"] = issuedAt.ToUnixTimeSeconds() }, JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))));
    }

    private ServiceProvider Build(bool trustFakeCertificate)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Push:Apns:TeamId"] = TeamId,
            ["Notifications:Push:Apns:KeyId"] = KeyId,
            ["Notifications:Push:Apns:PrivateKeyPem"] = signingKey.ExportPkcs8PrivateKeyPem(),
            ["Notifications:Push:Apns:BundleId"] = BundleId,
            ["Notifications:Push:Apns:BaseUrl"] = apns.BaseUrl,
            ["Notifications:Push:Apns:TrustedServerCertificateFile"] = trustFakeCertificate ? apns.CertificatePath : null,
        }).Build();
        return new ServiceCollection().AddSingleton<TimeProvider>(time).AddPushChannel(configuration).BuildServiceProvider(validateScopes: true);
    }

    private static OutboundMessage Message(
        string? title = "Order shipped", string? body = "Order 42 is on its way.", IReadOnlyDictionary<string, string>? data = null, Priority priority = Priority.Standard) =>
        new("acme", NotificationIds.New(), "user-1", Channel.Push, "apns:" + DeviceToken, new RenderedContent(Title: title, Body: body, Data: data), 1, priority);
}
