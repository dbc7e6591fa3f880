namespace Notifications.Domain.QuietHours;

/// <summary>
/// Turns a wall-clock time in a zone into an instant, including on the two nights a year where that is not one to one:
/// a time inside the spring-forward gap never happens, a time inside the fall-back overlap happens twice.
/// </summary>
public static class LocalTimes
{
    /// <summary>
    /// The first instant at which the zone's clock reads <paramref name="local"/> or later: the earlier of two in an
    /// overlap, the end of the gap for a time that is skipped.
    /// </summary>
    public static DateTimeOffset Earliest(DateTime local, TimeZoneInfo zone) => Resolve(local, zone, latest: false);

    /// <summary>
    /// The last instant at which the zone's clock reads <paramref name="local"/>: the later of two in an overlap, the end
    /// of the gap for a time that is skipped.
    /// </summary>
    public static DateTimeOffset Latest(DateTime local, TimeZoneInfo zone) => Resolve(local, zone, latest: true);

    private static DateTimeOffset Resolve(DateTime local, TimeZoneInfo zone, bool latest)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return EndOfGap(local, zone);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            // A larger offset is an earlier instant for the same wall-clock reading.
            var offset = latest ? offsets.Min() : offsets.Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The instant the clock jumps over <paramref name="skipped"/>: the first at which it reads later.</summary>
    private static DateTimeOffset EndOfGap(DateTime skipped, TimeZoneInfo zone)
    {
        // The offsets a day either side bound the jump; the instant is found between them by bisection.
        var before = zone.GetUtcOffset(skipped.AddDays(-1));
        var after = zone.GetUtcOffset(skipped.AddDays(1));
        var low = new DateTimeOffset(skipped - after, TimeSpan.Zero).UtcTicks;
        var high = new DateTimeOffset(skipped - before, TimeSpan.Zero).UtcTicks;
        if (high < low)
        {
            (low, high) = (high, low);
        }

        while (high - low > TimeSpan.TicksPerSecond)
        {
            var middle = low + ((high - low) / 2);
            if (TimeZoneInfo.ConvertTime(new DateTimeOffset(middle, TimeSpan.Zero), zone).DateTime >= skipped)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        // Transitions fall on whole minutes: round the bound found to the minute.
        var ticks = (high + (TimeSpan.TicksPerMinute / 2)) / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
