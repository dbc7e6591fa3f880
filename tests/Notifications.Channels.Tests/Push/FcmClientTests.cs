using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.Push;
using Notifications.Testing.Fcm;
using Notifications.Testing.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Notifications.Channels.Tests.Push;

/// <summary>
/// The push channel with FCM configured as the product configures it, against WireMock faking both Google's token
/// endpoint (the service account's token_uri) and FCM's messages:send.
/// </summary>
public sealed class FcmClientTests : IDisposable
{
    private const string SendPath = $"/v1/projects/{FcmTestAccount.ProjectId}/messages:send";
    private const string Token = "dF1x-device-registration-token:APA91bHun4MxP5egoKMwt2KZFBaFUH";
    private readonly WireMockServer google = WireMockLoopback.Start();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FcmTestAccount account;

    public FcmClientTests()
    {
        account = new FcmTestAccount(google.BaseUrl() + "/token");
        google.Given(Request.Create().WithPath("/token").UsingPost()).InScenario("tokens").WillSetStateTo("second")
            .RespondWith(TokenResponse("ya29.first"));
        google.Given(Request.Create().WithPath("/token").UsingPost()).InScenario("tokens").WhenStateIs("second")
            .RespondWith(TokenResponse("ya29.second"));
    }

    [Fact]
    public async Task Sends_the_v1_message_with_a_bearer_token_from_the_service_account()
    {
        AnswerSend(200, """{"name":"projects/acme-test/messages/0:1700000000000000%abc"}""");
        using var services = Build();
        var message = Message(Priority.Critical, data: new Dictionary<string, string> { ["orderId"] = "42" });

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal("projects/acme-test/messages/0:1700000000000000%abc", result.ProviderMessageId);
        var send = Assert.Single(Requests(SendPath));
        Assert.Equal("POST", send.Method);
        Assert.Equal("Bearer ya29.first", send.Headers!["Authorization"].Single());
        var expected = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["token"] = Token,
                ["notification"] = new JsonObject { ["title"] = "Order shipped", ["body"] = "Order 42 is on its way." },
                ["data"] = new JsonObject { ["orderId"] = "42", ["notificationId"] = message.NotificationId },
                ["android"] = new JsonObject { ["priority"] = "high" },
                ["apns"] = new JsonObject { ["headers"] = new JsonObject { ["apns-priority"] = "10" } },
            },
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(send.Body!)), send.Body);
    }

    [Fact]
    public async Task The_token_request_is_a_jwt_bearer_grant_signed_with_the_service_account_key()
    {
        AnswerSend(200, """{"name":"projects/acme-test/messages/1"}""");
        using var services = Build();

        await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);
        await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        var tokenRequest = Assert.Single(Requests("/token"));
        var form = QueryHelpers.ParseQuery(tokenRequest.Body);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"].Single());
        var parts = form["assertion"].Single()!.Split('.');
        Assert.True(account.Key.VerifyData(
            Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        Assert.Equal(FcmTestAccount.ClientEmail, claims["iss"]!.GetValue<string>());
        Assert.Equal("https://www.googleapis.com/auth/firebase.messaging", claims["scope"]!.GetValue<string>());
        Assert.Equal(2, Requests(SendPath).Count);
    }

    [Fact]
    public async Task Bulk_goes_out_at_normal_priority()
    {
        AnswerSend(200, """{"name":"projects/acme-test/messages/1"}""");
        using var services = Build();

        await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(Priority.Bulk), CancellationToken.None);

        var body = JsonNode.Parse(Assert.Single(Requests(SendPath)).Body!)!["message"]!;
        Assert.Equal("normal", body["android"]!["priority"]!.GetValue<string>());
        Assert.Equal("5", body["apns"]!["headers"]!["apns-priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_plain_401_refreshes_the_access_token_and_retries_once()
    {
        google.Given(Request.Create().WithPath(SendPath).UsingPost().WithHeader("Authorization", "Bearer ya29.first"))
            .RespondWith(Json(401, """{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}"""));
        google.Given(Request.Create().WithPath(SendPath).UsingPost().WithHeader("Authorization", "Bearer ya29.second"))
            .RespondWith(Json(200, """{"name":"projects/acme-test/messages/2"}"""));
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal(2, Requests("/token").Count);
        Assert.Equal(["Bearer ya29.first", "Bearer ya29.second"], Requests(SendPath).Select(r => r.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task A_401_after_the_refresh_is_a_configuration_error_and_not_retried_again()
    {
        AnswerSend(401, """{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""");
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("Push configuration error", result.Error);
        Assert.Equal(2, Requests(SendPath).Count);
    }

    [Fact]
    public async Task An_unregistered_token_is_gone()
    {
        AnswerSend(404, FcmErrorBodies.Unregistered);
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.AddressGone, result.Outcome);
        Assert.Contains("UNREGISTERED", result.Error);
    }

    [Fact]
    public async Task An_exceeded_quota_waits_at_least_a_minute()
    {
        google.Given(Request.Create().WithPath(SendPath).UsingPost()).RespondWith(
            Json(429, FcmErrorBodies.QuotaExceeded).WithHeader("Retry-After", "10"));
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Equal(time.GetUtcNow().AddMinutes(1), result.RetryAt);
    }

    [Fact]
    public async Task Unavailable_honours_retry_after()
    {
        google.Given(Request.Create().WithPath(SendPath).UsingPost()).RespondWith(
            Json(503, """{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}""").WithHeader("Retry-After", "120"));
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Equal(time.GetUtcNow().AddSeconds(120), result.RetryAt);
    }

    [Fact]
    public async Task A_refused_service_account_is_a_configuration_error()
    {
        using var refusing = WireMockLoopback.Start();
        refusing.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Json(400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"""));
        using var badAccount = new FcmTestAccount(refusing.BaseUrl() + "/token");
        using var services = Build(badAccount.Json);

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Push).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("invalid_grant", result.Error);
        Assert.Empty(Requests(SendPath));
    }

    public void Dispose()
    {
        google.Dispose();
        account.Dispose();
    }

    private List<WireMock.IRequestMessage> Requests(string path) => google.LogEntries.Select(e => e.RequestMessage).Where(r => r.Path == path).ToList();

    private void AnswerSend(int status, string json) =>
        google.Given(Request.Create().WithPath(SendPath).UsingPost()).RespondWith(Json(status, json));

    private static IResponseBuilder Json(int status, string json) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json);

    private static IResponseBuilder TokenResponse(string accessToken) =>
        Json(200, $$"""{"access_token":"{{accessToken}}","expires_in":3600,"token_type":"Bearer"}""");

    private ServiceProvider Build(string? serviceAccountJson = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Push:Fcm:ServiceAccountJson"] = serviceAccountJson ?? account.Json,
            ["Notifications:Push:Fcm:BaseUrl"] = google.BaseUrl(),
        }).Build();
        return new ServiceCollection().AddSingleton<TimeProvider>(time).AddPushChannel(configuration).BuildServiceProvider(validateScopes: true);
    }

    private static OutboundMessage Message(Priority priority = Priority.Standard, IReadOnlyDictionary<string, string>? data = null) => new(
        "acme",
        NotificationIds.New(),
        "user-1",
        Channel.Push,
        "fcm:" + Token,
        new RenderedContent(Title: "Order shipped", Body: "Order 42 is on its way.", Data: data),
        1,
        priority);
}
