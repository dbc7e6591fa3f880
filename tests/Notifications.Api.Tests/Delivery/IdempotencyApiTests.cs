using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing.Smtp;
using static Notifications.Api.Tests.Delivery.DeliveryApi;

namespace Notifications.Api.Tests.Delivery;

public sealed class IdempotencyApiTests(DeliveryApiFixture fixture) : IClassFixture<DeliveryApiFixture>
{
    private readonly HttpClient _api = fixture.As(DeliveryApiFixture.SenderKey);

    [Fact]
    public async Task The_same_key_and_body_twice_answers_the_original_202_and_sends_once()
    {
        var (userId, email) = await CreateUserAsync(_api);
        var key = Guid.NewGuid().ToString();
        var body = new { userId, type = "welcome", data = new { plan = "Pro" } };

        var first = await PostAsync(_api, body, key);
        var id = await AcceptedIdAsync(first);
        await WaitForStatusAsync(_api, id, "sent");
        var second = await PostAsync(_api, body, key);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal((await JsonAsync(first)).ToString(), (await JsonAsync(second)).ToString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        await Task.Delay(300);
        Assert.Single(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422()
    {
        var (userId, _) = await CreateUserAsync(_api);
        var key = Guid.NewGuid().ToString();
        await AcceptedIdAsync(await PostAsync(_api, new { userId, type = "welcome" }, key));

        var problem = await ProblemAsync(await PostAsync(_api, new { userId, type = "welcome", data = new { plan = "Other" } }, key), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Concurrent_duplicates_get_the_original_answer_and_one_send()
    {
        var (userId, email) = await CreateUserAsync(_api);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(_api, new { userId, type = "welcome" }, key)));
        var ids = await Task.WhenAll(responses.Select(AcceptedIdAsync));
        await WaitForStatusAsync(_api, ids[0], "sent");

        Assert.Single(ids.Distinct());
        await Task.Delay(300);
        Assert.Single(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task Keys_belong_to_the_api_key_that_used_them()
    {
        var (userId, email) = await CreateUserAsync(_api);
        var key = Guid.NewGuid().ToString();
        var body = new { userId, type = "welcome" };

        var mine = await AcceptedIdAsync(await PostAsync(_api, body, key));
        var theirs = await AcceptedIdAsync(await PostAsync(fixture.As(DeliveryApiFixture.OtherSenderKey), body, key));

        Assert.NotEqual(mine, theirs);
        Assert.Equal(2, (await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10))).Count);
    }

    [Fact]
    public async Task A_key_that_is_not_printable_ascii_is_refused()
    {
        const string key = "bad\u00e9key";
        var (userId, _) = await CreateUserAsync(_api);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/notifications") { Content = JsonContent.Create(new { userId, type = "welcome" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var problem = await ProblemAsync(await _api.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused()
    {
        var (userId, _) = await CreateUserAsync(_api);

        await ProblemAsync(await PostAsync(_api, new { userId, type = "welcome" }, new string('k', 256)), HttpStatusCode.BadRequest);
    }
}
