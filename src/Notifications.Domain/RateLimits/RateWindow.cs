using Notifications.Domain.Policy;

namespace Notifications.Domain.RateLimits;

/// <summary>
/// A sliding-window budget over the instants a user was sent something on a channel. Only the latest sends matter
/// (as many as the largest limit, within the longest window), so the log a user keeps stays small.
/// </summary>
public static class RateWindow
{
    /// <summary>
    /// Null while <paramref name="sends"/> leave room under <paramref name="limit"/> at <paramref name="now"/>; otherwise
    /// the instant the oldest send that counts leaves the window, when there is room again.
    /// </summary>
    public static DateTimeOffset? FullUntil(IEnumerable<DateTimeOffset> sends, RateLimit limit, DateTimeOffset now)
    {
        var windowStart = now - limit.Window;
        var counted = sends.Where(sent => sent > windowStart && sent <= now).Order().ToArray();
        return counted.Length < limit.Limit ? null : counted[counted.Length - limit.Limit] + limit.Window;
    }

    /// <summary>Forgets sends older than <paramref name="horizon"/> and all but the latest <paramref name="keep"/>.</summary>
    public static void Prune<T>(List<T> sends, Func<T, DateTimeOffset> at, DateTimeOffset now, TimeSpan horizon, int keep)
    {
        sends.RemoveAll(sent => at(sent) <= now - horizon);
        sends.Sort((left, right) => at(left).CompareTo(at(right)));
        if (sends.Count > keep)
        {
            sends.RemoveRange(0, sends.Count - keep);
        }
    }
}
