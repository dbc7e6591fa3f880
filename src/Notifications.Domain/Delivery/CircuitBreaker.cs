namespace Notifications.Domain.Delivery;

/// <summary>
/// A provider's circuit breaker. Closed, it lets every send through and counts consecutive retryable failures; at
/// the threshold it opens and refuses sends for the break duration (they wait, they are not failed); then it lets
/// one trial send through (half-open): success closes it, failure opens it again. Thread-safe.
/// </summary>
public sealed class CircuitBreaker(int failureThreshold, TimeSpan breakDuration, TimeProvider clock)
{
    /// <summary>While a trial is in flight, other sends wait at most this long before asking again.</summary>
    private static readonly TimeSpan TrialWait = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openUntil;
    private DateTimeOffset? _trialStartedAt;

    public BreakerState State
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is not { } until ? BreakerState.Closed
                    : clock.GetUtcNow() < until ? BreakerState.Open
                    : BreakerState.HalfOpen;
            }
        }
    }

    /// <summary>Asks to send: allowed (perhaps as the half-open trial), or refused until an instant.</summary>
    public BreakerAdmission TryEnter()
    {
        lock (_lock)
        {
            if (_openUntil is not { } until)
            {
                return BreakerAdmission.Allowed;
            }

            var now = clock.GetUtcNow();
            if (now < until)
            {
                return BreakerAdmission.RefusedUntil(until);
            }

            // A trial whose answer never came (its silo died) must not hold the breaker half-open for ever.
            if (_trialStartedAt is { } started && now < started + breakDuration)
            {
                var wait = breakDuration < TrialWait ? breakDuration : TrialWait;
                return BreakerAdmission.RefusedUntil(now + wait);
            }

            _trialStartedAt = now;
            return BreakerAdmission.Trial;
        }
    }

    /// <summary>The provider answered (sent, or refused this message for good): it is healthy.</summary>
    public void RecordSuccess()
    {
        lock (_lock)
        {
            _consecutiveFailures = 0;
            _openUntil = null;
            _trialStartedAt = null;
        }
    }

    /// <summary>The provider failed in a way worth retrying (5xx, 429, a dropped connection).</summary>
    public void RecordFailure(bool wasTrial)
    {
        lock (_lock)
        {
            _consecutiveFailures++;
            if (wasTrial || (_openUntil is null && _consecutiveFailures >= failureThreshold))
            {
                _openUntil = clock.GetUtcNow() + breakDuration;
                _trialStartedAt = null;
            }
        }
    }
}

public enum BreakerState
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}

/// <summary>The breaker's answer to one send.</summary>
public sealed record BreakerAdmission(bool IsAllowed, bool IsTrial, DateTimeOffset? RetryAt)
{
    public static readonly BreakerAdmission Allowed = new(true, false, null);

    public static readonly BreakerAdmission Trial = new(true, true, null);

    public static BreakerAdmission RefusedUntil(DateTimeOffset at) => new(false, false, at);
}
