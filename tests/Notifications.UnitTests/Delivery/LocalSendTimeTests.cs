using Notifications.Contracts;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class LocalSendTimeTests
{
    private static readonly TimeOnly NineAm = new(9, 0);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void Nine_in_the_morning_is_a_different_instant_in_each_zone_and_nine_on_each_wall_clock()
    {
        var now = new DateTimeOffset(2026, 6, 10, 5, 0, 0, TimeSpan.Zero);

        var berlin = LocalSendTime.Next(now, NineAm, Zone("Europe/Berlin"));
        var newYork = LocalSendTime.Next(now, NineAm, Zone("America/New_York"));

        Assert.Equal(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero), berlin);
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 13, 0, 0, TimeSpan.Zero), newYork);
        Assert.Equal(NineAm, TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(berlin, Zone("Europe/Berlin")).DateTime));
        Assert.Equal(NineAm, TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(newYork, Zone("America/New_York")).DateTime));
    }

    [Fact]
    public void A_time_already_past_today_is_tomorrow()
    {
        var now = new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

        var tokyo = LocalSendTime.Next(now, NineAm, Zone("Asia/Tokyo"));

        Assert.Equal(new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero), tokyo);
    }

    [Fact]
    public void Across_the_spring_forward_change_nine_stays_nine()
    {
        // Berlin moves from +01:00 to +02:00 at 02:00 on 29 March 2026.
        var now = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

        var next = LocalSendTime.Next(now, NineAm, Zone("Europe/Berlin"));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.FromHours(2)), next);
    }

    [Fact]
    public void A_time_in_the_spring_forward_gap_moves_forward_by_the_gap()
    {
        var now = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

        var next = LocalSendTime.Next(now, new TimeOnly(2, 30), Zone("Europe/Berlin"));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), next);
    }

    [Fact]
    public void A_time_that_happens_twice_at_fall_back_is_taken_the_first_time()
    {
        // New York moves from -04:00 to -05:00 at 02:00 on 1 November 2026: 01:30 happens twice.
        var now = new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero);

        var next = LocalSendTime.Next(now, new TimeOnly(1, 30), Zone("America/New_York"));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)), next);
    }

    [Theory]
    [InlineData("09:00", true)]
    [InlineData("23:59", true)]
    [InlineData("9:00", false)]
    [InlineData("24:00", false)]
    [InlineData("09:00:00", false)]
    [InlineData("nine", false)]
    [InlineData(null, false)]
    public void Only_hh_mm_parses(string? text, bool parses) => Assert.Equal(parses, LocalSendTime.TryParse(text, out _));
}
