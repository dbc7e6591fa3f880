namespace Notifications.Domain.Delivery;

/// <summary>
/// When a status callback that was not answered with 2xx is tried again: the Standard Webhooks schedule (5 s, 5 min,
/// 30 min, 2 h, 5 h, 10 h, 14 h, 20 h between attempts) with up to 10 % jitter, ending 24 hours after the status
/// change: the last attempt is made at that point, and if it fails too the callback is recorded as failed.
/// </summary>
public static class CallbackRetrySchedule
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20),
    ];

    /// <summary>
    /// The next attempt after <paramref name="attemptsMade"/> failed ones for a status change at
    /// <paramref name="createdAt"/>, no earlier than the receiver's <paramref name="retryAfter"/>; null to give up.
    /// </summary>
    public static DateTimeOffset? Next(DateTimeOffset createdAt, int attemptsMade, DateTimeOffset now, DateTimeOffset? retryAfter, Random random)
    {
        var deadline = createdAt + MaxAge;
        if (now >= deadline)
        {
            return null;
        }

        var delay = Delays[Math.Clamp(attemptsMade - 1, 0, Delays.Length - 1)];
        var next = now + (delay * (1 + (0.1 * random.NextDouble())));
        if (retryAfter > next)
        {
            next = retryAfter.Value;
        }

        return next < deadline ? next : deadline;
    }
}
