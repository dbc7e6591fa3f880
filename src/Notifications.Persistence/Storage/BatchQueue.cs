using System.Threading.Channels;

namespace Notifications.Persistence.Storage;

/// <summary>An operation waiting in a <see cref="BatchQueue{TItem}"/>; its caller awaits its own outcome.</summary>
internal interface IBatchItem
{
    /// <summary>Items with equal keys never share a batch (one statement must not touch a row twice).</summary>
    object Key { get; }

    /// <summary>Ends the item with this error unless it already has an outcome.</summary>
    void Fail(Exception error);
}

/// <summary>
/// Group commit: operations that arrive while earlier batches are in flight are taken together, up to a bounded size,
/// by a few loops that each run one batch at a time. One round trip and one commit then serve a whole batch.
/// </summary>
internal sealed class BatchQueue<TItem> where TItem : class, IBatchItem
{
    private readonly Channel<TItem> pending = Channel.CreateUnbounded<TItem>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task> execute;
    private readonly int maxBatchSize;
    private readonly TimeSpan maxDelay;
    private readonly CancellationTokenSource aborting = new();
    private readonly Task[] loops;

    public BatchQueue(Func<IReadOnlyList<TItem>, CancellationToken, Task> execute, int maxBatchSize, int concurrency, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        this.execute = execute;
        this.maxBatchSize = maxBatchSize;
        this.maxDelay = maxDelay;
        loops = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>Queues an item; it is failed if the queue has stopped.</summary>
    public void Enqueue(TItem item)
    {
        if (!pending.Writer.TryWrite(item))
        {
            item.Fail(new ObjectDisposedException(nameof(BatchQueue<TItem>), "The storage has stopped."));
        }
    }

    /// <summary>Takes no more items; with <paramref name="drain"/> finishes those queued, otherwise fails them.</summary>
    public async Task StopAsync(bool drain)
    {
        pending.Writer.TryComplete();
        if (!drain)
        {
            await aborting.CancelAsync();
        }

        await Task.WhenAll(loops);
    }

    private async Task RunAsync()
    {
        var batch = new List<TItem>(maxBatchSize);
        var keys = new HashSet<object>();
        var held = new Queue<TItem>();
        while (held.Count > 0 || await pending.Reader.WaitToReadAsync())
        {
            Fill(batch, keys, held);
            if (batch.Count < maxBatchSize && maxDelay > TimeSpan.Zero && !aborting.IsCancellationRequested)
            {
                await Task.Delay(maxDelay);
                Fill(batch, keys, held);
            }

            if (batch.Count > 0)
            {
                await ExecuteAsync(batch);
            }

            batch.Clear();
            keys.Clear();
        }
    }

    private void Fill(List<TItem> batch, HashSet<object> keys, Queue<TItem> held)
    {
        for (var remaining = held.Count; remaining > 0 && batch.Count < maxBatchSize; remaining--)
        {
            var item = held.Dequeue();
            if (keys.Add(item.Key))
            {
                batch.Add(item);
            }
            else
            {
                held.Enqueue(item);
            }
        }

        while (batch.Count < maxBatchSize && pending.Reader.TryRead(out var item))
        {
            if (keys.Add(item.Key))
            {
                batch.Add(item);
            }
            else
            {
                held.Enqueue(item);
            }
        }
    }

    private async Task ExecuteAsync(List<TItem> batch)
    {
        try
        {
            await execute(batch, aborting.Token);
        }
        catch (Exception error)
        {
            batch.ForEach(item => item.Fail(error));
        }

        var unanswered = new InvalidOperationException("The batch ended without an outcome for this operation.");
        batch.ForEach(item => item.Fail(unanswered));
    }
}
