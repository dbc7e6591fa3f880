using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Domain.Inbox;
using Notifications.Grains.Hosting;
using Orleans.Streams;

namespace Notifications.Grains.Inbox;

/// <summary>
/// One user's in-app inbox. The only writer of its messages; every change is stored first, then published on the
/// user's inbox stream for live pages. Publishing is best effort: a lost event never loses a message.
/// </summary>
[GrainType("inbox")]
public sealed partial class InboxGrain(
    [PersistentState("inbox", StorageNames.Inbox)] IPersistentState<InboxState> stored,
    TimeProvider clock,
    ILogger<InboxGrain> logger)
    : Grain, IInboxGrain
{
    private IAsyncStream<InboxEvent>? _events;

    private List<InboxMessage> Messages => stored.State.Messages;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A silo without the inbox stream provider still stores messages; it only has no live updates to give.
        if (ServiceProvider.GetKeyedService<IStreamProvider>(InboxStreams.ProviderName) is { } provider)
        {
            _events = provider.GetStream<InboxEvent>(StreamId.Create(InboxStreams.Namespace, this.GetPrimaryKeyString()));
        }

        return Task.CompletedTask;
    }

    public async Task<InboxAddResult> Add(InboxMessageDraft draft)
    {
        var errors = InboxContent.Validate(draft);
        if (errors.Count > 0)
        {
            return new InboxAddResult(null, false, errors);
        }

        if (InboxMessages.Find(Messages, draft.NotificationId) is { } existing)
        {
            return new InboxAddResult(existing, false, []);
        }

        var message = new InboxMessage(draft.NotificationId, draft.Title, draft.Body, draft.Url, clock.GetUtcNow());
        InboxMessages.Add(Messages, message);
        await stored.WriteStateAsync();
        await PublishAsync(new InboxEvent(InboxEventKind.Added, InboxMessages.Count(Messages), message));
        return new InboxAddResult(message, true, []);
    }

    public Task<InboxPage> List(InboxFilter filter, int limit, string? cursor) =>
        Task.FromResult(InboxMessages.Page(Messages, filter, Math.Clamp(limit, 1, 100), cursor));

    public Task<InboxCounts> GetCounts() => Task.FromResult(InboxMessages.Count(Messages));

    public async Task<InboxMarkResult> Mark(string messageId, InboxMark mark)
    {
        if (InboxMessages.Mark(Messages, messageId, mark) is not var (message, changed))
        {
            return new InboxMarkResult(null, InboxMessages.Count(Messages));
        }

        var counts = InboxMessages.Count(Messages);
        if (changed)
        {
            await stored.WriteStateAsync();
            await PublishAsync(new InboxEvent(InboxEventKind.Updated, counts, message, mark));
        }

        return new InboxMarkResult(message, counts);
    }

    public async Task<InboxCounts> MarkAll(InboxMark mark)
    {
        var changed = InboxMessages.MarkAll(Messages, mark);
        var counts = InboxMessages.Count(Messages);
        if (changed > 0)
        {
            await stored.WriteStateAsync();
            await PublishAsync(new InboxEvent(InboxEventKind.AllMarked, counts, Mark: mark));
        }

        return counts;
    }

    private async Task PublishAsync(InboxEvent change)
    {
        if (_events is null)
        {
            return;
        }

        try
        {
            await _events.OnNextAsync(change);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogPublishFailed(logger, exception, this.GetPrimaryKeyString(), change.Kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox {InboxKey}: the live {Kind} event was not published; pages catch up on their next read")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string inboxKey, InboxEventKind kind);
}
