using System.Globalization;

namespace Notifications.Domain.Delivery;

/// <summary>
/// "Send at 09:00 local time": the next instant the recipient's wall clock shows that time. Across DST changes a
/// time that does not exist that day (in the spring-forward gap) moves forward by the gap, and a time that happens
/// twice (fall-back) is taken at its first occurrence.
/// </summary>
public static class LocalSendTime
{
    /// <summary>Parses <c>HH:mm</c> (24-hour, two digits each).</summary>
    public static bool TryParse(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>The first instant at or after <paramref name="now"/> when the wall clock in <paramref name="zone"/> shows <paramref name="time"/>.</summary>
    public static DateTimeOffset Next(DateTimeOffset now, TimeOnly time, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var day = 0; ; day++)
        {
            var candidate = ToInstant(today.AddDays(day).ToDateTime(time, DateTimeKind.Unspecified), zone);
            if (candidate >= now)
            {
                return candidate;
            }
        }
    }

    /// <summary>The instant a wall-clock time in <paramref name="zone"/> stands for, resolving DST gaps and overlaps as described above.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            // The offset in force before the gap: read with it, the wall time lands the gap's length later.
            return new DateTimeOffset(local, zone.GetUtcOffset(local.AddHours(-3)));
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
