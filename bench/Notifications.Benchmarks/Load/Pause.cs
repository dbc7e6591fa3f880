using System.Diagnostics;

namespace Notifications.Benchmarks.Load;

/// <summary>Waits that end early, without an exception, when the benchmark runs out of time: the phase then reports what it has.</summary>
public static class Pause
{
    /// <summary>For <paramref name="duration"/>, or until cancelled.</summary>
    public static Task ForAsync(TimeSpan duration, CancellationToken ct) =>
        UntilAsync(Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency), ct);

    /// <summary>Until the <see cref="Stopwatch"/> timestamp <paramref name="timestamp"/>, or until cancelled.</summary>
    public static async Task UntilAsync(long timestamp, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Out of time: the caller reports what finished.
        }
    }
}
