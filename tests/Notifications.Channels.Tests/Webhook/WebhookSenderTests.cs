using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.Webhook;
using Notifications.Testing.Http;

namespace Notifications.Channels.Tests.Webhook;

/// <summary>The webhook channel, registered as the product registers it, against a signature-checking loopback receiver.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly LoopbackHttpReceiver receiver = LoopbackHttpReceiver.Start();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private ServiceProvider services = null!;

    public Task InitializeAsync()
    {
        var signer = new StandardWebhookSigner(Secret);
        receiver.AnswerWith(request =>
            signer.Verify(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body, request.Headers["webhook-signature"], time.GetUtcNow())
                ? new ReceiverAnswer(204)
                : new ReceiverAnswer(401));
        services = Build(new()
        {
            ["Notifications:Webhook:Secret"] = Secret,
            ["Notifications:Webhook:AllowHttp"] = "true",
            ["Notifications:Webhook:AllowedHosts:0"] = "127.0.0.1",
        });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Posts_the_json_signed_per_standard_webhooks()
    {
        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);
        var message = Message(receiver.BaseUrl + "/hooks/orders?tenant=acme", """{"event":"order.shipped","id":42}""");

        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/orders?tenant=acme", request.PathAndQuery);
        Assert.Equal("""{"event":"order.shipped","id":42}""", request.Body);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal($"{message.NotificationId}:webhook", request.Headers["webhook-id"]);
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Headers["webhook-timestamp"]);
        Assert.Equal(new StandardWebhookSigner(Secret).Sign(message.IdempotencyKey, time.GetUtcNow(), request.Body), request.Headers["webhook-signature"]);
        Assert.Equal(request.Headers["webhook-id"], result.ProviderMessageId);
    }

    [Fact]
    public async Task Every_attempt_carries_the_same_webhook_id_and_a_fresh_signature()
    {
        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);
        var message = Message(receiver.BaseUrl + "/hooks", """{"n":1}""");

        await sender.SendAsync(message, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await sender.SendAsync(message with { Attempt = 2 }, CancellationToken.None);

        var (first, second) = (receiver.Requests[0], receiver.Requests[1]);
        Assert.Equal(first.Headers["webhook-id"], second.Headers["webhook-id"]);
        Assert.NotEqual(first.Headers["webhook-timestamp"], second.Headers["webhook-timestamp"]);
        Assert.NotEqual(first.Headers["webhook-signature"], second.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task A_notification_id_that_cannot_go_in_a_header_is_hashed_into_the_webhook_id()
    {
        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);
        var message = Message(receiver.BaseUrl + "/hooks", "{}") with { NotificationId = "order 42\r\nX-Injected: yes" };

        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Matches("^sha256_[0-9a-f]{40}$", request.Headers["webhook-id"]);
        Assert.False(request.Headers.ContainsKey("X-Injected"));
        Assert.Equal(WebhookSender.WebhookIdOf(message), request.Headers["webhook-id"]);
    }

    [Theory]
    [InlineData(410, DeliveryOutcome.AddressGone)]
    [InlineData(400, DeliveryOutcome.PermanentFailure)]
    [InlineData(500, DeliveryOutcome.RetryLater)]
    [InlineData(302, DeliveryOutcome.PermanentFailure)]
    public async Task Classifies_what_the_receiver_answers(int status, DeliveryOutcome outcome)
    {
        receiver.AnswerWith(_ => new ReceiverAnswer(status, status == 302 ? new Dictionary<string, string> { ["Location"] = "http://169.254.169.254/" } : null));
        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);

        var result = await sender.SendAsync(Message(receiver.BaseUrl + "/hooks", "{}"), CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_429_is_retried_when_the_receiver_says()
    {
        receiver.AnswerWith(_ => new ReceiverAnswer(429, new Dictionary<string, string> { ["Retry-After"] = "120" }));
        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);

        var result = await sender.SendAsync(Message(receiver.BaseUrl + "/hooks", "{}"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Equal(time.GetUtcNow().AddSeconds(120), result.RetryAt);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://localhost:9/hooks")]
    [InlineData("http://10.0.0.1/hooks")]
    [InlineData("http://[::1]:9/hooks")]
    public async Task Internal_addresses_are_refused_as_a_permanent_failure(string url)
    {
        await using var guarded = Build(new() { ["Notifications:Webhook:Secret"] = Secret, ["Notifications:Webhook:AllowHttp"] = "true" });
        var sender = guarded.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);

        var result = await sender.SendAsync(Message(url, "{}"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("not allowed", result.Error);
    }

    [Fact]
    public async Task Plain_http_is_refused_unless_allowed()
    {
        await using var strict = Build(new() { ["Notifications:Webhook:Secret"] = Secret });
        var sender = strict.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);

        var result = await sender.SendAsync(Message(receiver.BaseUrl + "/hooks", "{}"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("only https", result.Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_retried()
    {
        await using var silent = Testing.Http.LoopbackHttpReceiver.Start();
        silent.AnswerWith(_ =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return new ReceiverAnswer(200);
        });
        await using var impatient = Build(new()
        {
            ["Notifications:Webhook:Secret"] = Secret,
            ["Notifications:Webhook:AllowHttp"] = "true",
            ["Notifications:Webhook:AllowedHosts:0"] = "127.0.0.1",
            ["Notifications:Webhook:TimeoutSeconds"] = "1",
        });

        var result = await impatient.GetRequiredKeyedService<IChannelSender>(Channel.Webhook)
            .SendAsync(Message(silent.BaseUrl + "/slow", "{}"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("did not answer in time", result.Error);
    }

    [Fact]
    public async Task The_callers_cancellation_propagates()
    {
        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Webhook);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(Message(receiver.BaseUrl + "/hooks", "{}"), cancelled.Token));
    }

    [Fact]
    public void Without_a_secret_no_webhook_sender_is_registered()
    {
        using var empty = Build([]);

        Assert.Null(empty.GetKeyedService<IChannelSender>(Channel.Webhook));
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddWebhookChannel(configuration)
            .BuildServiceProvider(validateScopes: true);
    }

    private static OutboundMessage Message(string url, string json) => new(
        "acme", NotificationIds.New(), "user-1", Channel.Webhook, url, new RenderedContent(Json: json), 1, Priority.Standard);
}
