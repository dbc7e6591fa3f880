using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Notifications.Api.Http;
using Notifications.Api.Inbox;
using Notifications.Contracts;

namespace Notifications.Api.Tests.Inbox;

public sealed class InboxLiveFeedTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_quiet_stream_gets_a_heartbeat_comment_every_15_seconds()
    {
        var clock = new FakeTimeProvider();
        var pipe = new Pipe();
        var changes = System.Threading.Channels.Channel.CreateUnbounded<InboxEvent>();
        using var stop = new CancellationTokenSource();
        var relay = InboxLiveFeed.RelayAsync(changes.Reader, new InboxCounts(0, 0, 0), new ServerSentEventWriter(pipe.Writer.AsStream()), Json, clock, stop.Token);
        var events = new ServerSentEventReader(pipe.Reader.AsStream());

        Assert.Equal("counts", (await events.NextAsync(Timeout)).Name);
        clock.Advance(TimeSpan.FromSeconds(14));
        changes.Writer.TryWrite(new InboxEvent(InboxEventKind.Added, new InboxCounts(1, 1, 1), new InboxMessage("n1", "Hi", null, null, clock.GetUtcNow())));
        var message = await events.NextAsync(Timeout);
        Assert.Empty(events.Comments);

        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(15));
        changes.Writer.TryWrite(new InboxEvent(InboxEventKind.AllMarked, new InboxCounts(0, 0, 1), Mark: InboxMark.Read));
        var afterHeartbeats = new[] { await events.NextAsync(Timeout), await events.NextAsync(Timeout), await events.NextAsync(Timeout) };

        Assert.Equal(("message", "n1"), (message.Name, message.Data.GetProperty("id").GetString()));
        Assert.Equal(["heartbeat", "heartbeat"], events.Comments);
        Assert.Equal(["counts", "marked", "counts"], afterHeartbeats.Select(change => change.Name));
        Assert.Equal("read", afterHeartbeats[1].Data.GetProperty("mark").GetString());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => relay);
    }
}
