namespace Notifications.Benchmarks.Providers;

/// <summary>A provider's receiving end on loopback: it notes when each notification's message arrived.</summary>
public interface IProviderSink
{
    /// <summary>Distinct notifications whose message arrived.</summary>
    int Delivered { get; }

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the notification's first message arrived.</summary>
    bool TryGetReceivedAt(string notificationId, out long timestamp);
}
