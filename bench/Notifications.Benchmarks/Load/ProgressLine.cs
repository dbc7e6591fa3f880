namespace Notifications.Benchmarks.Load;

/// <summary>Prints a status line every two seconds while a phase runs, so a long run is never silent.</summary>
public sealed class ProgressLine : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource stop = new();
    private readonly Task printing;

    private ProgressLine(Func<string> status) => printing = PrintAsync(status, stop.Token);

    public static ProgressLine Show(Func<string> status) => new(status);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await printing;
        stop.Dispose();
    }

    private static async Task PrintAsync(Func<string> status, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                Console.WriteLine($"    {status()}");
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }
    }
}
