using System.Net;
using System.Text.Json;
using Notifications.Channels.Webhook;
using static Notifications.Api.Tests.Delivery.DeliveryApi;

namespace Notifications.Api.Tests.Delivery;

public sealed class StatusCallbacksApiTests(DeliveryApiFixture fixture) : IClassFixture<DeliveryApiFixture>
{
    [Fact]
    public async Task A_keys_default_callback_url_gets_every_status_signed_with_the_keys_secret()
    {
        var api = fixture.As(DeliveryApiFixture.CallbackKey);
        var (userId, _) = await CreateUserAsync(api);

        var id = await AcceptedIdAsync(await PostAsync(api, new { userId, type = "welcome" }));
        await WaitForStatusAsync(api, id, "sent");

        var signer = new StandardWebhookSigner(DeliveryApiFixture.CallbackSecret);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<string> statuses;
        while (true)
        {
            var mine = fixture.Callbacks.Requests
                .Where(request => request.Body.Contains(id, StringComparison.Ordinal))
                .ToArray();
            Assert.All(mine, request => Assert.True(signer.Verify(
                request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body, request.Headers["webhook-signature"], DateTimeOffset.UtcNow)));
            statuses = [.. mine.Select(request => JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("status").GetString()!)];
            if (statuses.Count >= 3 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(["accepted", "sending", "sent"], statuses);
        Assert.All(fixture.Callbacks.Requests, request => Assert.Equal("/status", request.PathAndQuery));
    }

    [Fact]
    public async Task A_callback_url_from_a_key_without_a_secret_is_refused()
    {
        var api = fixture.As(DeliveryApiFixture.SenderKey);
        var (userId, _) = await CreateUserAsync(api);

        var problem = await ProblemAsync(await PostAsync(api, new { userId, type = "welcome", callbackUrl = "https://example.com/hooks" }), HttpStatusCode.BadRequest);

        Assert.Contains("secret", problem.GetProperty("errors").GetProperty("callbackUrl")[0].GetString());
    }

    [Theory]
    [InlineData("http://10.0.0.1/hooks", "private-network")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[::1]:8080/hooks", "loopback")]
    public async Task A_callback_url_to_the_servers_own_networks_is_refused_at_once(string url, string kind)
    {
        var api = fixture.As(DeliveryApiFixture.CallbackKey);
        var (userId, _) = await CreateUserAsync(api);

        var problem = await ProblemAsync(await PostAsync(api, new { userId, type = "welcome", callbackUrl = url }), HttpStatusCode.BadRequest);

        Assert.Contains(kind, problem.GetProperty("errors").GetProperty("callbackUrl")[0].GetString());
    }
}
