using Notifications.Contracts;
using Microsoft.Extensions.Time.Testing;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private CircuitBreaker Breaker() => new(failureThreshold: 3, breakDuration: TimeSpan.FromSeconds(30), _clock);

    [Fact]
    public void It_opens_after_the_threshold_of_consecutive_failures_and_refuses_until_the_cool_down_ends()
    {
        var breaker = Breaker();
        breaker.RecordFailure(wasTrial: false);
        breaker.RecordFailure(wasTrial: false);
        Assert.True(breaker.TryEnter().IsAllowed);

        breaker.RecordFailure(wasTrial: false);
        var refused = breaker.TryEnter();

        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.False(refused.IsAllowed);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30), refused.RetryAt);
    }

    [Fact]
    public void A_success_resets_the_count()
    {
        var breaker = Breaker();
        breaker.RecordFailure(false);
        breaker.RecordFailure(false);
        breaker.RecordSuccess();
        breaker.RecordFailure(false);
        breaker.RecordFailure(false);

        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public void After_the_cool_down_one_trial_goes_through_and_its_success_closes_the_breaker()
    {
        var breaker = Breaker();
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure(false);
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
        var trial = breaker.TryEnter();
        var other = breaker.TryEnter();
        breaker.RecordSuccess();

        Assert.True(trial is { IsAllowed: true, IsTrial: true });
        Assert.False(other.IsAllowed);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(5), other.RetryAt);
        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.True(breaker.TryEnter() is { IsAllowed: true, IsTrial: false });
    }

    [Fact]
    public void A_failed_trial_opens_the_breaker_for_another_cool_down()
    {
        var breaker = Breaker();
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure(false);
        }

        _clock.Advance(TimeSpan.FromSeconds(31));
        var trial = breaker.TryEnter();
        breaker.RecordFailure(trial.IsTrial);

        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30), breaker.TryEnter().RetryAt);
    }

    [Fact]
    public void A_trial_that_never_answers_does_not_hold_the_breaker_half_open_for_ever()
    {
        var breaker = Breaker();
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure(false);
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryEnter().IsTrial);
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.True(breaker.TryEnter().IsTrial);
    }
}
