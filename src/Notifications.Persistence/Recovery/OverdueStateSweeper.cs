using Microsoft.Extensions.Logging;
using Npgsql;
using Notifications.Persistence.Storage;
using Orleans.Core.Internal;

namespace Notifications.Persistence.Recovery;

/// <summary>
/// Runs on every silo while it is active: claims the overdue rows of a <see cref="GroupCommitGrainStorage"/> (unfinished
/// work nobody wrote for a lease, or waiting work past its due time) and wakes their grains, whose activation resumes
/// the work. Claims skip rows another silo holds, so each overdue row is woken by one silo; no grain or reminder per
/// row and no single sweeping grain are involved.
/// </summary>
internal sealed partial class OverdueStateSweeper(
    GroupCommitGrainStorage storage,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<OverdueStateSweeper> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    private GroupCommitStorageOptions Options => storage.Options;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OverdueStateSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken ct)
    {
        if (Options.Wake is not null)
        {
            running = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken ct)
    {
        await stopping.CancelAsync();
        await running.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await SweepOnceAsync(ct);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogSweepFailed(exception);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }

            if (claimed < Options.SweepBatchSize)
            {
                await Task.Delay(Options.SweepInterval, clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims one batch of overdue rows and wakes their grains; returns how many rows it claimed.</summary>
    private async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        var claimed = await storage.Table.ClaimOverdueAsync(Options.SweepBatchSize, Options.Lease, ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var failed = 0;
        var restarted = 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxConcurrentWakes, CancellationToken = ct }, async (row, _) =>
        {
            var grainId = GrainId.Parse(row.GrainId);
            try
            {
                if (row.Sweeps > 1)
                {
                    // Woken a lease ago and still silent: the activation is alive but no longer working (a step that
                    // failed, say). A fresh activation starts over from the stored state.
                    await grains.GetGrain(grainId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
                    Interlocked.Increment(ref restarted);
                }

                await Options.Wake!(grains, grainId);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The claim moved the row's wake time on by a lease: it is tried again then.
                Interlocked.Increment(ref failed);
                LogWakeFailed(exception, row.GrainId);
            }
        });

        LogSwept(claimed.Count, restarted, failed);
        return claimed.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke {Count} grain(s) with overdue work ({Restarted} restarted after a silent lease, {Failed} failed and retried after the lease)")]
    private partial void LogSwept(int count, int restarted, int failed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not wake {GrainId}")]
    private partial void LogWakeFailed(Exception exception, string grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for overdue work failed; trying again at the next sweep")]
    private partial void LogSweepFailed(Exception exception);
}
