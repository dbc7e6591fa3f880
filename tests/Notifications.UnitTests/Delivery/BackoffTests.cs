using Notifications.Contracts;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class BackoffTests
{
    private static readonly RetryPolicy Policy = new(MaxAttempts: 10, MaxAge: TimeSpan.FromHours(24), BaseDelay: TimeSpan.FromSeconds(1), MaxDelay: TimeSpan.FromSeconds(30));

    [Fact]
    public void The_ceiling_doubles_with_each_retry_up_to_the_maximum_delay()
    {
        var ceilings = Enumerable.Range(1, 7).Select(failures => Backoff.Ceiling(Policy, failures).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], ceilings);
    }

    [Fact]
    public void Full_jitter_scales_the_ceiling_by_the_random_draw()
    {
        var random = new FixedRandom(0.5, 0.25, 0.999, 0);

        var delays = Enumerable.Range(1, 4).Select(failures => Backoff.Delay(Policy, failures, random).TotalMilliseconds);

        Assert.Equal([500, 500, 3996, 0], delays);
    }

    [Fact]
    public void Jittered_delays_spread_over_the_whole_range_and_never_pass_the_ceiling()
    {
        var random = new Random(42);

        var delays = Enumerable.Range(0, 2000).Select(_ => Backoff.Delay(Policy, 4, random)).ToArray();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(8)));
        Assert.Contains(delays, delay => delay < TimeSpan.FromSeconds(1));
        Assert.Contains(delays, delay => delay > TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void A_huge_attempt_count_does_not_overflow()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Backoff.Ceiling(Policy, int.MaxValue));
    }
}
