using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Notifications.Api.Http;
using Notifications.Grains;
using Orleans.Streams;

namespace Notifications.Api.Inbox;

/// <summary>
/// The live side of an inbox over Server-Sent Events: subscribes to the user's Orleans inbox stream, sends the current
/// counts, then every change as it comes (<c>message</c>, <c>updated</c> or <c>marked</c>, each followed by
/// <c>counts</c>) and a comment every <see cref="HeartbeatInterval"/>, until the client goes away.
/// </summary>
public sealed class InboxLiveFeed(string inboxKey, IStreamProvider streams) : IResult
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>Changes waiting for a slow client; beyond this the oldest are dropped (the counts that follow stay right).</summary>
    private const int Backlog = 256;

    public async Task ExecuteAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var services = context.RequestServices;
        var changes = System.Threading.Channels.Channel.CreateBounded<InboxEvent>(new BoundedChannelOptions(Backlog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        var stream = streams.GetStream<InboxEvent>(StreamId.Create(InboxStreams.Namespace, inboxKey));
        var subscription = await stream.SubscribeAsync((change, _) =>
        {
            changes.Writer.TryWrite(change);
            return Task.CompletedTask;
        });
        try
        {
            // Subscribed first, counted second: a change in between shows up as an event, never goes missing.
            var counts = await services.GetRequiredService<IGrainFactory>().GetGrain<IInboxGrain>(inboxKey).GetCounts();
            var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            await RelayAsync(changes.Reader, counts, ServerSentEventWriter.Start(context), json, services.GetRequiredService<TimeProvider>(), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client closed the connection: the normal end of an event stream.
        }
        finally
        {
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The silo that held the subscription is gone; so is the subscription.
            }
        }
    }

    /// <summary>Writes <paramref name="initial"/> counts, then the changes and heartbeats, until the reader completes or <paramref name="ct"/> fires.</summary>
    public static async Task RelayAsync(
        ChannelReader<InboxEvent> changes,
        InboxCounts initial,
        ServerSentEventWriter writer,
        JsonSerializerOptions json,
        TimeProvider clock,
        CancellationToken ct)
    {
        using var heartbeat = new PeriodicTimer(HeartbeatInterval, clock);
        await writer.WriteEventAsync("counts", JsonSerializer.SerializeToUtf8Bytes(initial, json), ct);
        var tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
        var next = changes.WaitToReadAsync(ct).AsTask();
        while (true)
        {
            if (await Task.WhenAny(tick, next) == tick)
            {
                if (!await tick)
                {
                    return;
                }

                await writer.WriteCommentAsync("heartbeat", ct);
                tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
                continue;
            }

            if (!await next)
            {
                return;
            }

            while (changes.TryRead(out var change))
            {
                await WriteAsync(writer, change, json, ct);
            }

            next = changes.WaitToReadAsync(ct).AsTask();
        }
    }

    private static async Task WriteAsync(ServerSentEventWriter writer, InboxEvent change, JsonSerializerOptions json, CancellationToken ct)
    {
        switch (change)
        {
            case { Kind: InboxEventKind.Added, Message: { } added }:
                await writer.WriteEventAsync("message", JsonSerializer.SerializeToUtf8Bytes(added, json), ct);
                break;
            case { Kind: InboxEventKind.Updated, Message: { } updated }:
                await writer.WriteEventAsync("updated", JsonSerializer.SerializeToUtf8Bytes(updated, json), ct);
                break;
            case { Kind: InboxEventKind.AllMarked, Mark: { } mark }:
                await writer.WriteEventAsync("marked", JsonSerializer.SerializeToUtf8Bytes(new AllMarked(mark), json), ct);
                break;
        }

        await writer.WriteEventAsync("counts", JsonSerializer.SerializeToUtf8Bytes(change.Counts, json), ct);
    }

    /// <summary>The data of a <c>marked</c> event: every message not archived now has this mark.</summary>
    public sealed record AllMarked(InboxMark Mark);
}
