namespace Notifications.Grains.Hosting;

/// <summary>
/// The live inbox events: Orleans memory streams named <see cref="InboxStreams.ProviderName"/>, on silos and on every
/// client that serves <c>/inbox/stream</c>. Events are published by the silo that holds the inbox and delivered to
/// whichever API process subscribed, so any API node serves any user.
/// </summary>
public static class InboxStreamsHosting
{
    /// <summary>
    /// Adds the inbox stream provider to a silo. Its subscriptions live in the <see cref="StorageNames.PubSub"/> grain
    /// storage, which the hosting registers: memory when embedded; durable storage in a cluster, so the subscriptions
    /// of API processes outlive the silo that holds them.
    /// </summary>
    public static ISiloBuilder AddInboxStreams(this ISiloBuilder silo) => silo.AddMemoryStreams(InboxStreams.ProviderName);

    /// <summary>Adds the inbox stream provider to an Orleans client (an API process in the cluster hosting).</summary>
    public static IClientBuilder AddInboxStreams(this IClientBuilder client) => client.AddMemoryStreams(InboxStreams.ProviderName);
}
