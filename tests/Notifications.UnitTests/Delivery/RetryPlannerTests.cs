using Notifications.Contracts;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class RetryPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Policy = new(MaxAttempts: 4, MaxAge: TimeSpan.FromMinutes(10), BaseDelay: TimeSpan.FromSeconds(10), MaxDelay: TimeSpan.FromMinutes(5));

    [Fact]
    public void Without_retry_after_the_next_attempt_follows_the_backoff()
    {
        var now = Start.AddSeconds(30);

        var decision = RetryPlanner.Decide(Policy, attemptsOnChannel: 2, Start, now, retryAfter: null, new FixedRandom(0.5));

        Assert.Equal(now.AddSeconds(10), decision.RetryAt);
    }

    [Fact]
    public void Retry_after_is_honoured_over_the_backoff()
    {
        var now = Start.AddSeconds(30);

        var decision = RetryPlanner.Decide(Policy, 1, Start, now, retryAfter: now.AddSeconds(120), new FixedRandom(0.5));

        Assert.Equal(now.AddSeconds(120), decision.RetryAt);
    }

    [Fact]
    public void A_retry_after_already_past_means_now()
    {
        var decision = RetryPlanner.Decide(Policy, 1, Start, Start, retryAfter: Start.AddSeconds(-5), new FixedRandom(0.5));

        Assert.Equal(Start, decision.RetryAt);
    }

    [Fact]
    public void The_last_allowed_attempt_gives_up()
    {
        var decision = RetryPlanner.Decide(Policy, attemptsOnChannel: 4, Start, Start.AddMinutes(1), null, new FixedRandom(0.5));

        Assert.True(decision.GivesUp);
        Assert.Contains("4 attempts", decision.GiveUpReason);
    }

    [Fact]
    public void A_retry_that_would_land_past_the_maximum_age_gives_up()
    {
        var now = Start.AddMinutes(9).AddSeconds(50);

        var byBackoff = RetryPlanner.Decide(Policy, 3, Start, now, null, new FixedRandom(0.99));
        var byRetryAfter = RetryPlanner.Decide(Policy, 1, Start, now, now.AddMinutes(2), new FixedRandom(0));

        Assert.True(byBackoff.GivesUp);
        Assert.True(byRetryAfter.GivesUp);
        Assert.Contains("maximum age", byRetryAfter.GiveUpReason);
    }
}
