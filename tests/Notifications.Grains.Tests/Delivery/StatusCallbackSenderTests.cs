using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.Http;
using Notifications.Channels.Webhook;
using Notifications.Grains.Callbacks;
using Notifications.Testing.Http;

namespace Notifications.Grains.Tests.Delivery;

public sealed class StatusCallbackSenderTests
{
    [Fact]
    public void The_signature_matches_the_standard_webhooks_test_vector()
    {
        var signer = new StandardWebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        var headers = StatusCallbackSender.SignedHeaders(
            signer, "msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), """{"test": 2432232314}""").ToDictionary();

        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", headers["webhook-id"]);
        Assert.Equal("1614265330", headers["webhook-timestamp"]);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", headers["webhook-signature"]);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://10.0.0.1/hook", "private-network")]
    public async Task Callbacks_to_the_servers_own_networks_are_refused(string url, string kind)
    {
        var result = await Sender(new EgressPolicy(allowHttp: true)).PostAsync(url, StandardWebhookSigner.GenerateSecret(), "id-1", "{}", CancellationToken.None);

        Assert.Equal(CallbackOutcome.GiveUp, result.Outcome);
        Assert.Contains(kind, result.Error);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_when_connecting_and_nothing_arrives()
    {
        await using var receiver = LoopbackHttpReceiver.Start();

        var result = await Sender(new EgressPolicy(allowHttp: true)).PostAsync(
            $"http://localhost:{receiver.Port}/hook", StandardWebhookSigner.GenerateSecret(), "id-1", "{}", CancellationToken.None);

        Assert.Equal(CallbackOutcome.GiveUp, result.Outcome);
        Assert.Contains("loopback", result.Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Plain_http_is_refused_outside_development()
    {
        var result = await Sender(EgressPolicy.Strict).PostAsync("http://example.com/hook", StandardWebhookSigner.GenerateSecret(), "id-1", "{}", CancellationToken.None);

        Assert.Equal(CallbackOutcome.GiveUp, result.Outcome);
        Assert.Contains("only https", result.Error);
    }

    [Fact]
    public void The_default_policy_allows_http_only_in_development()
    {
        Assert.True(new CallbackOptions().Policy(isDevelopment: true).AllowHttp);
        Assert.False(new CallbackOptions().Policy(isDevelopment: false).AllowHttp);
        Assert.False(new CallbackOptions { AllowHttp = false }.Policy(isDevelopment: true).AllowHttp);
    }

    private static StatusCallbackSender Sender(EgressPolicy policy)
    {
        var guard = new EgressGuard(policy);
        return new StatusCallbackSender(new GuardedClients(guard), new CallbackEgress(guard), new FakeTimeProvider());
    }

    private sealed class GuardedClients(EgressGuard guard) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(guard.CreateHandler()) { Timeout = TimeSpan.FromSeconds(5) };
    }
}
