namespace Notifications.Domain.QuietHours;

/// <summary>
/// Quiet hours in a user's time zone. A window starts on each of its days at its start time and ends at its end time,
/// the next day when the end is not after the start. Across daylight-saving changes a window covers every instant whose
/// wall-clock time lies inside it: it begins at the first instant the clock reads its start (the end of the gap when the
/// start is skipped) and ends at the last instant the clock reads its end (the second pass of the overlap).
/// </summary>
public static class QuietHoursCalendar
{
    // Windows back to back (Mon 22:00-07:00, Tue 07:00-08:00) extend each other; a week of them is the most that can chain.
    private const int MaxChained = 16;

    /// <summary>
    /// When the quiet time holding <paramref name="now"/> on <paramref name="channel"/> ends, following windows that
    /// continue it; null when <paramref name="now"/> is not quiet.
    /// </summary>
    public static DateTimeOffset? QuietUntil(IReadOnlyList<QuietWindow> windows, TimeZoneInfo zone, Channel channel, DateTimeOffset now)
    {
        DateTimeOffset? until = null;
        var at = now;
        for (var step = 0; step < MaxChained; step++)
        {
            if (EndOfWindowHolding(windows, zone, channel, at) is not { } end)
            {
                break;
            }

            until = end;
            at = end;
        }

        return until;
    }

    /// <summary>The instants a window's occurrence starting on <paramref name="day"/> (local date) begins and ends.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Occurrence(QuietWindow window, DateOnly day, TimeZoneInfo zone)
    {
        var start = LocalTimes.Earliest(day.ToDateTime(window.Start), zone);
        var endDay = window.End > window.Start ? day : day.AddDays(1);
        var end = LocalTimes.Latest(endDay.ToDateTime(window.End), zone);
        return (start, end);
    }

    private static DateTimeOffset? EndOfWindowHolding(IReadOnlyList<QuietWindow> windows, TimeZoneInfo zone, Channel channel, DateTimeOffset at)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        DateTimeOffset? latest = null;
        foreach (var window in windows)
        {
            if (window.Channels is { } channels && !channels.Contains(channel))
            {
                continue;
            }

            // An occurrence lasts under a day and a few hours at most, so only one started today or yesterday can hold now.
            foreach (var day in (ReadOnlySpan<DateOnly>)[today.AddDays(-1), today])
            {
                if (!window.Days.Contains(day.DayOfWeek))
                {
                    continue;
                }

                var (start, end) = Occurrence(window, day, zone);
                if (start <= at && at < end && (latest is null || end > latest))
                {
                    latest = end;
                }
            }
        }

        return latest;
    }
}
