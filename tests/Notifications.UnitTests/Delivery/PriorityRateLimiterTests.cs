using Notifications.Contracts;
using Microsoft.Extensions.Time.Testing;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class PriorityRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Sends_are_let_through_at_the_configured_rate()
    {
        using var limiter = new PriorityRateLimiter(100, _clock);
        var waits = Enumerable.Range(0, 1000).Select(_ => limiter.WaitAsync(Priority.Bulk, CancellationToken.None)).ToArray();

        var immediately = waits.Count(wait => wait.IsCompleted);
        for (var step = 0; step < 100; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // A full bucket (a twentieth of a second's worth) at once, then 100 per second.
        Assert.Equal(5, immediately);
        Assert.InRange(waits.Count(wait => wait.IsCompleted), 104, 106);
    }

    [Fact]
    public void A_critical_send_goes_before_every_bulk_send_already_waiting()
    {
        using var limiter = new PriorityRateLimiter(10, _clock);
        while (limiter.WaitAsync(Priority.Bulk, CancellationToken.None).IsCompleted)
        {
        }

        var bulk = Enumerable.Range(0, 50).Select(_ => limiter.WaitAsync(Priority.Bulk, CancellationToken.None)).ToArray();
        var standard = limiter.WaitAsync(Priority.Standard, CancellationToken.None);
        var critical = limiter.WaitAsync(Priority.Critical, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(critical.IsCompleted);
        Assert.False(standard.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(standard.IsCompleted);
        Assert.DoesNotContain(bulk, wait => wait.IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_token()
    {
        using var limiter = new PriorityRateLimiter(10, _clock);
        while (limiter.WaitAsync(Priority.Standard, CancellationToken.None).IsCompleted)
        {
        }

        using var cancellation = new CancellationTokenSource();
        var cancelled = limiter.WaitAsync(Priority.Standard, cancellation.Token);
        var next = limiter.WaitAsync(Priority.Standard, CancellationToken.None);
        await cancellation.CancelAsync();
        _clock.Advance(TimeSpan.FromMilliseconds(100)); // a token for the send the loop above left waiting
        _clock.Advance(TimeSpan.FromMilliseconds(100)); // and one for the next, not for the cancelled one

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public void A_lower_rate_applies_to_the_sends_still_waiting()
    {
        using var limiter = new PriorityRateLimiter(100, _clock);
        while (limiter.WaitAsync(Priority.Standard, CancellationToken.None).IsCompleted)
        {
        }

        limiter.SetRate(10);
        var waits = Enumerable.Range(0, 20).Select(_ => limiter.WaitAsync(Priority.Standard, CancellationToken.None)).ToArray();
        for (var step = 0; step < 10; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.InRange(waits.Count(wait => wait.IsCompleted), 9, 11);
    }
}
