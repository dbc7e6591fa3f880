namespace Notifications.Api.Health;

/// <summary>
/// The API's connection to the cluster (cluster hosting): whether the Orleans client has connected yet, and how many
/// gateways (silos) it reaches now. Fed by the client's connection retries and status notifications.
/// </summary>
public sealed partial class ClusterConnection(ILogger<ClusterConnection> logger) : IClusterConnectionStatusObserver, IClientConnectionRetryFilter
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private int connected;
    private int gateways;
    private int failedAttempts;

    /// <summary>True once the client connected; false again only when the API stops.</summary>
    public bool IsConnected => Volatile.Read(ref connected) == 1;

    /// <summary>Gateways the client is connected to now; zero while no silo answers.</summary>
    public int Gateways => Volatile.Read(ref gateways);

    /// <summary>True when a grain call can be made now.</summary>
    public bool IsAvailable => IsConnected && Gateways > 0;

    internal void MarkConnected()
    {
        Volatile.Write(ref connected, 1);
        Interlocked.CompareExchange(ref gateways, 1, 0);
        LogConnected(logger);
    }

    internal void MarkDisconnected() => Volatile.Write(ref connected, 0);

    /// <summary>No silo yet: waits a little (longer each time, up to a few seconds) and tries again until the API stops.</summary>
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref failedAttempts);
        if (attempt == 1 || attempt % 20 == 0)
        {
            LogWaiting(logger, attempt, exception.Message);
        }

        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Min(attempt - 1, 10))));
        await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !cancellationToken.IsCancellationRequested;
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        Volatile.Write(ref gateways, currentNumberOfGateways);
        if (currentNumberOfGateways == 0 && previousNumberOfGateways > 0)
        {
            LogNoGateway(logger);
        }
    }

    public void NotifyClusterConnectionLost()
    {
        Volatile.Write(ref gateways, 0);
        LogNoGateway(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo answers yet (attempt {Attempt}: {Reason}); the API reports not ready and keeps trying")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the cluster")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster connection has no gateway left; the API reports not ready until a silo answers again")]
    private static partial void LogNoGateway(ILogger logger);
}
