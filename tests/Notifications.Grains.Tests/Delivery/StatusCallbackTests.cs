using System.Collections.Concurrent;
using System.Text.Json;
using Notifications.Channels.Webhook;
using Notifications.Contracts;
using Notifications.Grains.Callbacks;
using Notifications.Testing.Http;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

[Collection(FakeTimeDeliveryCollection.Name)]
public sealed class StatusCallbackTests(FakeTimeDeliveryFixture fixture)
{
    private const string Caller = "shop-backend";
    private static readonly string Secret = StandardWebhookSigner.GenerateSecret();
    private static readonly ConcurrentDictionary<string, Func<ReceivedHttpRequest, ReceiverAnswer>> Answers = new();

    private readonly IGrainFactory _grains = fixture.Grains;

    /// <summary>A callback URL of its own on the shared receiver, answering as <paramref name="answer"/> decides.</summary>
    private string CallbackUrl(Func<ReceivedHttpRequest, ReceiverAnswer> answer)
    {
        var path = $"/callbacks/{Guid.NewGuid():N}";
        Answers[path] = answer;
        fixture.Callbacks.AnswerWith(request => Answers.TryGetValue(request.PathAndQuery, out var decide) ? decide(request) : new ReceiverAnswer(404));
        return fixture.Callbacks.BaseUrl + path;
    }

    private IReadOnlyList<ReceivedHttpRequest> ReceivedAt(string url) =>
        [.. fixture.Callbacks.Requests.Where(request => fixture.Callbacks.BaseUrl + request.PathAndQuery == url)];

    private async Task<string> SendAsync(string url, string caller = Caller)
    {
        await _grains.GetGrain<ICallbackSigningGrain>(GrainKeys.Compose(Tenant, Caller)).SetSecret(Secret);
        var (userId, _, _) = await CreateUserAsync(_grains);
        var notification = _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(Tenant, NotificationIds.New()));
        var result = await notification.SubmitAs(new SendNotification(userId, "welcome", Channels: [Channel.Email], CallbackUrl: url), caller);
        return result.Notification!.Id;
    }

    private IStatusCallbackGrain Callbacks(string id) => _grains.GetGrain<IStatusCallbackGrain>(GrainKeys.Compose(Tenant, id));

    private async Task<IReadOnlyList<CallbackDelivery>> WaitForDeliveriesAsync(string id, Func<IReadOnlyList<CallbackDelivery>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var deliveries = await Callbacks(id).GetDeliveries();
            if (condition(deliveries))
            {
                return deliveries;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Callbacks of {id}: {string.Join("; ", deliveries)}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Each_status_change_is_posted_in_order_and_signed_per_standard_webhooks()
    {
        var url = CallbackUrl(_ => new ReceiverAnswer(204));

        var id = await SendAsync(url);
        await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);
        await WaitForDeliveriesAsync(id, deliveries => deliveries.Count == 3 && deliveries.All(delivery => delivery.State == CallbackDeliveryState.Delivered));

        var received = ReceivedAt(url);
        var signer = new StandardWebhookSigner(Secret);
        Assert.Equal(3, received.Count);
        Assert.All(received, request =>
        {
            Assert.Equal("POST", request.Method);
            Assert.True(signer.Verify(
                request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body, request.Headers["webhook-signature"], fixture.Clock.GetUtcNow()));
        });
        var bodies = received.Select(request => JsonDocument.Parse(request.Body).RootElement).ToArray();
        Assert.Equal(["accepted", "sending", "sent"], bodies.Select(body => body.GetProperty("data").GetProperty("status").GetString()));
        Assert.All(bodies, body => Assert.Equal(("notification.status", id), (body.GetProperty("type").GetString(), body.GetProperty("data").GetProperty("id").GetString())));
        Assert.Equal(3, received.Select(request => request.Headers["webhook-id"]).Distinct().Count());
    }

    [Fact]
    public async Task A_callback_answered_with_an_error_is_retried_with_the_same_webhook_id()
    {
        var calls = 0;
        var url = CallbackUrl(_ => Interlocked.Increment(ref calls) == 1 ? new ReceiverAnswer(503) : new ReceiverAnswer(200));

        var id = await SendAsync(url);
        var waiting = await WaitForDeliveriesAsync(id, deliveries => deliveries.Count > 0 && deliveries[0] is { Attempts: 1, State: CallbackDeliveryState.Pending });
        Assert.InRange(waiting[0].NextAttemptAt!.Value - fixture.Clock.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var delivered = await WaitForDeliveriesAsync(id, deliveries => deliveries.Count == 3 && deliveries.All(delivery => delivery.State == CallbackDeliveryState.Delivered));

        var received = ReceivedAt(url);
        Assert.Equal(2, delivered[0].Attempts);
        Assert.Equal(received[0].Headers["webhook-id"], received[1].Headers["webhook-id"]);
        Assert.Equal("accepted", JsonDocument.Parse(received[1].Body).RootElement.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_callback_that_keeps_failing_is_retried_for_a_day_then_recorded_failed()
    {
        var url = CallbackUrl(_ => new ReceiverAnswer(500));

        var id = await SendAsync(url);
        await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);
        var start = fixture.Clock.GetUtcNow();
        IReadOnlyList<CallbackDelivery> deliveries;
        while (true)
        {
            deliveries = await WaitForDeliveriesAsync(id, current => current.Count > 0 && (current[0].State == CallbackDeliveryState.Failed || current[0].NextAttemptAt is not null));
            if (deliveries[0].State == CallbackDeliveryState.Failed)
            {
                break;
            }

            var attempts = deliveries[0].Attempts;
            fixture.Clock.Advance(deliveries[0].NextAttemptAt!.Value - fixture.Clock.GetUtcNow());
            await WaitForDeliveriesAsync(id, current => current[0].Attempts > attempts);
        }

        // Attempts at 0 s, ~5 s, ~5 min, ~35 min, ~2.7 h, ~8 h, ~18.5 h and the last at 24 h.
        Assert.Equal(8, deliveries[0].Attempts);
        Assert.Contains("500", deliveries[0].LastError);
        Assert.InRange(fixture.Clock.GetUtcNow() - start, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        Assert.Equal(8, ReceivedAt(url).Count(request => request.Headers["webhook-id"] == deliveries[0].WebhookId));
        var all = await WaitForDeliveriesAsync(id, current => current.All(delivery => delivery.State == CallbackDeliveryState.Failed));
        Assert.Equal(3, all.Count);
    }

    [Theory]
    [InlineData("http://10.0.0.1/callbacks", "private-network")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    public async Task A_callback_to_the_servers_own_networks_is_refused_and_recorded_failed(string url, string kind)
    {
        var id = await SendAsync(url);
        var deliveries = await WaitForDeliveriesAsync(id, current => current.Count == 3 && current.All(delivery => delivery.State == CallbackDeliveryState.Failed));

        Assert.All(deliveries, delivery => Assert.Contains(kind, delivery.LastError));
        Assert.All(deliveries, delivery => Assert.Equal(1, delivery.Attempts));
        Assert.Equal(NotificationStatus.Sent, (await _grains.GetNotificationAsync(Tenant, id))!.Status);
    }

    [Fact]
    public async Task Without_a_signing_secret_nothing_is_posted_and_the_callback_is_recorded_failed()
    {
        var url = CallbackUrl(_ => new ReceiverAnswer(200));

        var id = await SendAsync(url, caller: "nobody-registered-this");
        var deliveries = await WaitForDeliveriesAsync(id, current => current.Count == 3 && current.All(delivery => delivery.State == CallbackDeliveryState.Failed));

        Assert.All(deliveries, delivery => Assert.Contains("secret", delivery.LastError));
        Assert.Empty(ReceivedAt(url));
    }
}
