namespace Notifications.Api.Health;

/// <summary>
/// Starts the Orleans client's hosted services in the background, so the API serves (and reports not ready) while the
/// client waits for a silo, and stops them with the API.
/// </summary>
public sealed partial class BackgroundClusterConnection(
    IReadOnlyList<IHostedService> clientServices, ClusterConnection connection, ILogger<BackgroundClusterConnection> logger)
    : IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private Task<int> connecting = Task.FromResult(0);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        connecting = Task.Run(ConnectAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await ((Task)connecting).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var started = connecting.IsCompletedSuccessfully ? connecting.Result : 0;
        connection.MarkDisconnected();
        for (var index = started - 1; index >= 0; index--)
        {
            await clientServices[index].StopAsync(cancellationToken);
        }
    }

    /// <summary>Starts the client's services in order; returns how many started.</summary>
    private async Task<int> ConnectAsync()
    {
        var started = 0;
        try
        {
            foreach (var service in clientServices)
            {
                await service.StartAsync(stopping.Token);
                started++;
            }

            connection.MarkConnected();
        }
        catch (Exception exception) when (stopping.IsCancellationRequested)
        {
            LogGaveUp(logger, exception.GetType().Name);
        }
        catch (Exception exception)
        {
            // Connection failures are retried until the API stops; what ends up here is a configuration error.
            LogFailed(logger, exception);
        }

        return started;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopped connecting to the cluster ({Reason}): the API is stopping")]
    private static partial void LogGaveUp(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Orleans client could not start; the API stays not ready")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
