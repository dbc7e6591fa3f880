namespace Notifications.Domain.Delivery;

/// <summary>
/// Exponential backoff with full jitter: the wait before retry <c>n</c> is drawn uniformly from zero to
/// <c>min(MaxDelay, BaseDelay × 2^(n-1))</c>, so many notifications failing together do not retry together.
/// </summary>
public static class Backoff
{
    /// <summary>The largest wait after <paramref name="failedAttempts"/> failures (1 for the first retry).</summary>
    public static TimeSpan Ceiling(RetryPolicy policy, int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 62);
        var ceiling = policy.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(ceiling, policy.MaxDelay.TotalMilliseconds));
    }

    /// <summary>The wait after <paramref name="failedAttempts"/> failures, drawn with <paramref name="random"/>.</summary>
    public static TimeSpan Delay(RetryPolicy policy, int failedAttempts, Random random) =>
        TimeSpan.FromMilliseconds(Ceiling(policy, failedAttempts).TotalMilliseconds * random.NextDouble());
}

/// <summary>What to do after a retryable failure on a route: try it again at an instant, or give up on it.</summary>
public sealed record RetryDecision(DateTimeOffset? RetryAt, string? GiveUpReason)
{
    public bool GivesUp => RetryAt is null;

    public static RetryDecision At(DateTimeOffset at) => new(at, null);

    public static RetryDecision GiveUp(string reason) => new(null, reason);
}

/// <summary>Decides whether and when a channel that failed retryably is tried again.</summary>
public static class RetryPlanner
{
    /// <summary>
    /// After <paramref name="attemptsOnChannel"/> attempts on a channel (the failed one included), the first of them at
    /// <paramref name="firstAttemptAt"/>: the next attempt at the provider's <paramref name="retryAfter"/> when it gave
    /// one, else after a jittered backoff; or give up when the attempts or the channel's age are spent.
    /// </summary>
    public static RetryDecision Decide(
        RetryPolicy policy,
        int attemptsOnChannel,
        DateTimeOffset firstAttemptAt,
        DateTimeOffset now,
        DateTimeOffset? retryAfter,
        Random random)
    {
        if (attemptsOnChannel >= policy.MaxAttempts)
        {
            return RetryDecision.GiveUp($"{attemptsOnChannel} attempts made, the most allowed");
        }

        var next = retryAfter is { } asked
            ? (asked > now ? asked : now)
            : now + Backoff.Delay(policy, attemptsOnChannel, random);
        var deadline = firstAttemptAt + policy.MaxAge;
        return next > deadline
            ? RetryDecision.GiveUp($"the next attempt ({next:O}) would be past the channel's maximum age ({deadline:O})")
            : RetryDecision.At(next);
    }
}
