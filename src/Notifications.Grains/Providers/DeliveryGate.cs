using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Channels;
using Notifications.Domain.Delivery;

namespace Notifications.Grains.Providers;

/// <summary>
/// What a send passes on its silo before its provider is called: its priority lane (bounded concurrency for bulk
/// and standard, none for critical), the provider's circuit breaker, and the provider's rate (this silo's share of
/// the cluster-wide rate, critical first). One per silo; the notification grain and the stateless channel worker
/// it calls run on the same silo, so no grain sits in the path of every send.
/// </summary>
public sealed class DeliveryGate(IOptions<DeliveryOptions> options, TimeProvider clock, IServiceProvider services) : IDisposable
{
    private readonly ConcurrentDictionary<string, ProviderGuard> _guards = new(StringComparer.OrdinalIgnoreCase);
    private readonly ActiveSilos _silos = new(services);

    /// <summary>
    /// Waits for a lane slot (at most <paramref name="laneWait"/>), then asks the breaker, then waits for a rate
    /// token. Dispose the granted ticket when the provider has answered, after reporting the answer on it.
    /// </summary>
    public async Task<Admission> AdmitAsync(Channel channel, Priority priority, TimeSpan laneWait, CancellationToken ct)
    {
        var guard = Guard(options.Value.ProviderFor(channel));
        var lane = guard.Lane(priority);
        if (lane is not null && !await lane.WaitAsync(laneWait, ct))
        {
            return Admission.Busy;
        }

        var entry = guard.Breaker.TryEnter();
        if (!entry.IsAllowed)
        {
            lane?.Release();
            return Admission.Refused(entry.RetryAt!.Value);
        }

        if (guard.Limiter is { } limiter)
        {
            guard.UpdateShare(_silos.Count);
            try
            {
                await limiter.WaitAsync(priority, ct);
            }
            catch (OperationCanceledException)
            {
                lane?.Release();
                throw;
            }
        }

        return Admission.Granted(new ProviderTicket(guard, lane, entry.IsTrial));
    }

    /// <summary>How many sends this silo's share of the provider's rate has let through; null when the provider has no rate.</summary>
    public long? RateTokensGranted(string provider) => Guard(provider).Limiter?.Granted;

    /// <summary>The provider's breaker, for status and tests.</summary>
    public BreakerState BreakerState(string provider) => Guard(provider).Breaker.State;

    /// <summary>This silo's share of the provider's rate, in sends per second; null when the provider has no rate.</summary>
    public double? LocalRate(string provider)
    {
        var guard = Guard(provider);
        guard.UpdateShare(_silos.Count);
        return guard.Limiter?.RatePerSecond;
    }

    public void Dispose()
    {
        foreach (var guard in _guards.Values)
        {
            guard.Dispose();
        }
    }

    private ProviderGuard Guard(string provider) =>
        _guards.GetOrAdd(provider, name => new ProviderGuard(options.Value, options.Value.ProviderOptionsFor(name), clock));
}

/// <summary>One provider's protection on this silo.</summary>
internal sealed class ProviderGuard : IDisposable
{
    private readonly SemaphoreSlim?[] _lanes;
    private readonly double? _clusterRate;
    private int _silos;

    public ProviderGuard(DeliveryOptions delivery, ProviderOptions provider, TimeProvider clock)
    {
        _lanes = [.. Enum.GetValues<Priority>().Order().Select(priority =>
            delivery.LaneConcurrencyFor(priority) is { } limit ? new SemaphoreSlim(limit, limit) : null)];
        Breaker = new CircuitBreaker(provider.FailureThreshold, provider.BreakDuration, clock);
        _clusterRate = provider.RatePerSecond;
        Limiter = _clusterRate is { } rate ? new PriorityRateLimiter(rate, clock) : null;
    }

    public CircuitBreaker Breaker { get; }

    public PriorityRateLimiter? Limiter { get; }

    public SemaphoreSlim? Lane(Priority priority) => _lanes[(int)priority];

    /// <summary>Each silo takes an equal share of the cluster-wide rate; it changes when silos join or leave.</summary>
    public void UpdateShare(int activeSilos)
    {
        if (Limiter is null || _clusterRate is not { } rate || Volatile.Read(ref _silos) == activeSilos)
        {
            return;
        }

        Volatile.Write(ref _silos, activeSilos);
        Limiter.SetRate(rate / Math.Max(1, activeSilos));
    }

    public void Dispose()
    {
        Limiter?.Dispose();
        foreach (var lane in _lanes)
        {
            lane?.Dispose();
        }
    }
}

/// <summary>The gate's answer: go ahead (with a ticket), wait until the breaker lets sends through, or the lane is full.</summary>
public sealed record Admission(ProviderTicket? Ticket, DateTimeOffset? RefusedUntil)
{
    /// <summary>The lane stayed full for the whole wait: queue again in a new turn.</summary>
    public static readonly Admission Busy = new(null, null);

    public static Admission Granted(ProviderTicket ticket) => new(ticket, null);

    public static Admission Refused(DateTimeOffset until) => new(null, until);
}

/// <summary>Held while the provider is called: reports the answer to the breaker and frees the lane slot.</summary>
public sealed class ProviderTicket : IDisposable
{
    private readonly ProviderGuard _guard;
    private readonly SemaphoreSlim? _lane;
    private readonly bool _isTrial;
    private int _released;
    private bool _reported;

    internal ProviderTicket(ProviderGuard guard, SemaphoreSlim? lane, bool isTrial)
    {
        _guard = guard;
        _lane = lane;
        _isTrial = isTrial;
    }

    /// <summary>A retryable failure counts against the provider; any answer about the message itself shows it is up.</summary>
    public void Report(DeliveryResult result)
    {
        _reported = true;
        if (result.Outcome == DeliveryOutcome.RetryLater)
        {
            _guard.Breaker.RecordFailure(_isTrial);
        }
        else
        {
            _guard.Breaker.RecordSuccess();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        if (!_reported)
        {
            _guard.Breaker.RecordFailure(_isTrial);
        }

        _lane?.Release();
    }
}

/// <summary>How many silos are active, from the membership this silo sees.</summary>
internal sealed class ActiveSilos(IServiceProvider services)
{
    private IClusterMembershipService? _membership;
    private long _version = -1;
    private int _count = 1;

    public int Count
    {
        get
        {
            _membership ??= services.GetService<IClusterMembershipService>();
            if (_membership?.CurrentSnapshot is not { } snapshot)
            {
                return 1;
            }

            if (snapshot.Version.Value != Volatile.Read(ref _version))
            {
                Volatile.Write(ref _count, Math.Max(1, snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active)));
                Volatile.Write(ref _version, snapshot.Version.Value);
            }

            return Volatile.Read(ref _count);
        }
    }
}
