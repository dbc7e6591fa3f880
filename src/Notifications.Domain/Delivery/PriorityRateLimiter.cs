namespace Notifications.Domain.Delivery;

/// <summary>
/// A token bucket whose waiters are served by priority: a critical send waiting for a token goes before every
/// standard and bulk one, whatever the order they came in. Tokens refill continuously at the configured rate; the
/// bucket holds at most a twentieth of a second's worth, so the rate holds over short windows too.
/// </summary>
public sealed class PriorityRateLimiter : IDisposable
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource>[] _waiters = [new(), new(), new()];
    private readonly ITimer _timer;
    private double _rate;
    private double _capacity;
    private double _tokens;
    private long _refilledAt;
    private bool _timerArmed;
    private long _granted;

    public PriorityRateLimiter(double ratePerSecond, TimeProvider clock)
    {
        _clock = clock;
        _timer = clock.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _refilledAt = clock.GetTimestamp();
        SetRate(ratePerSecond);
        _tokens = _capacity;
    }

    public double RatePerSecond
    {
        get
        {
            lock (_lock)
            {
                return _rate;
            }
        }
    }

    /// <summary>How many tokens have been handed out: sends let through.</summary>
    public long Granted => Interlocked.Read(ref _granted);

    /// <summary>Changes the rate (a silo joined or left the cluster); tokens already earned are kept.</summary>
    public void SetRate(double ratePerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        lock (_lock)
        {
            Refill();
            _rate = ratePerSecond;
            _capacity = Math.Max(1, ratePerSecond / 20);
            _tokens = Math.Min(_tokens, _capacity);
        }

        Release();
    }

    /// <summary>Completes when a token is taken for a send of <paramref name="priority"/>.</summary>
    public Task WaitAsync(Priority priority, CancellationToken ct)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            Refill();
            if (_tokens >= 1 && _waiters.All(queue => queue.Count == 0))
            {
                _tokens -= 1;
                _granted++;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters[Rank(priority)].Enqueue(waiter);
            ArmTimer();
        }

        if (ct.CanBeCanceled)
        {
            // A cancelled waiter stays queued until it reaches the front, where it is skipped without taking a token.
            var registration = ct.Register(() => waiter.TrySetCanceled(ct));
            waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    public void Dispose() => _timer.Dispose();

    private static int Rank(Priority priority) => priority switch
    {
        Priority.Critical => 0,
        Priority.Standard => 1,
        _ => 2,
    };

    private void Release()
    {
        var granted = new List<TaskCompletionSource>();
        lock (_lock)
        {
            _timerArmed = false;
            Refill();
            while (_tokens >= 1 && NextWaiter() is { } waiter)
            {
                if (!waiter.Task.IsCompleted)
                {
                    _tokens -= 1;
                    _granted++;
                    granted.Add(waiter);
                }
            }

            if (_waiters.Any(queue => queue.Count > 0))
            {
                ArmTimer();
            }
        }

        foreach (var waiter in granted)
        {
            if (!waiter.TrySetResult())
            {
                // Cancelled in the meantime: give the token back.
                lock (_lock)
                {
                    _tokens = Math.Min(_capacity, _tokens + 1);
                    _granted--;
                }
            }
        }
    }

    private TaskCompletionSource? NextWaiter()
    {
        foreach (var queue in _waiters)
        {
            if (queue.TryDequeue(out var waiter))
            {
                return waiter;
            }
        }

        return null;
    }

    private void Refill()
    {
        var now = _clock.GetTimestamp();
        var elapsed = _clock.GetElapsedTime(_refilledAt, now);
        _refilledAt = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed.TotalSeconds * _rate));
    }

    private void ArmTimer()
    {
        if (_timerArmed)
        {
            return;
        }

        _timerArmed = true;
        var missing = Math.Max(0, 1 - _tokens);
        var wait = TimeSpan.FromSeconds(missing / _rate);
        _timer.Change(wait < MinimumWait ? MinimumWait : wait, Timeout.InfiniteTimeSpan);
    }
}
