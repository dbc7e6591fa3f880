using System.Diagnostics;
using System.Net;

namespace Notifications.Api.Tests.Inbox;

public sealed class InboxStreamTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly InboxTestClient _inbox = new(fixture);

    private async Task<(HttpResponseMessage Response, ServerSentEventReader Events)> OpenStreamAsync(string userId, string token)
    {
        var client = fixture.CreateClient();
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        var response = await client.GetAsync(
            $"/api/v1/users/{userId}/inbox/stream?access_token={Uri.EscapeDataString(token)}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return (response, new ServerSentEventReader(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task The_stream_delivers_a_sent_message_within_one_second_of_the_post()
    {
        // The first notification of a fresh process pays for compiling its templates and code paths; measure the second.
        var warmUp = await _inbox.CreateUserAsync();
        await _inbox.WaitUntilSentAsync(await _inbox.SendInAppAsync(warmUp));
        var userId = await _inbox.CreateUserAsync();
        var (response, events) = await OpenStreamAsync(userId, await _inbox.TokenForAsync(userId));
        using var _ = response;
        var initial = await events.NextAsync("counts", Timeout);
        Assert.Equal(0, initial.GetProperty("unread").GetInt32());

        var clock = Stopwatch.StartNew();
        var id = await _inbox.SendInAppAsync(userId, new { plan = "Pro" });
        var message = await events.NextAsync("message", Timeout);
        var latency = clock.Elapsed;

        Assert.True(latency < TimeSpan.FromSeconds(1), $"The message arrived {latency.TotalMilliseconds:F0} ms after the POST.");
        Assert.Equal(id, message.GetProperty("id").GetString());
        Assert.Equal("Welcome, Ada Lovelace!", message.GetProperty("title").GetString());
        Assert.False(message.GetProperty("read").GetBoolean());
        Assert.Equal(1, (await events.NextAsync("counts", Timeout)).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Marks_from_any_client_reach_the_stream_as_updates_and_counts()
    {
        var userId = await _inbox.CreateUserAsync();
        var id = await _inbox.SendInAppAsync(userId);
        await _inbox.WaitUntilSentAsync(id);
        var token = await _inbox.TokenForAsync(userId);
        var (response, events) = await OpenStreamAsync(userId, token);
        using var _ = response;
        Assert.Equal(1, (await events.NextAsync("counts", Timeout)).GetProperty("unread").GetInt32());

        await _inbox.Subscriber(token).PostAsync($"/api/v1/users/{userId}/inbox/{id}/read", null);
        var updated = await events.NextAsync("updated", Timeout);
        var afterRead = await events.NextAsync("counts", Timeout);
        await _inbox.Api.PostAsync($"/api/v1/users/{userId}/inbox/archive-all", null);
        var marked = await events.NextAsync("marked", Timeout);
        var afterArchive = await events.NextAsync("counts", Timeout);

        Assert.Equal(id, updated.GetProperty("id").GetString());
        Assert.True(updated.GetProperty("read").GetBoolean());
        Assert.Equal(0, afterRead.GetProperty("unread").GetInt32());
        Assert.Equal("archived", marked.GetProperty("mark").GetString());
        Assert.Equal(0, afterArchive.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_stream_sees_only_its_own_users_messages()
    {
        var ada = await _inbox.CreateUserAsync();
        var bob = await _inbox.CreateUserAsync();
        var (response, events) = await OpenStreamAsync(ada, await _inbox.TokenForAsync(ada));
        using var _ = response;
        await events.NextAsync("counts", Timeout);

        await _inbox.SendInAppAsync(bob);
        var adas = await _inbox.SendInAppAsync(ada);

        Assert.Equal(adas, (await events.NextAsync("message", Timeout)).GetProperty("id").GetString());
    }
}
