using Microsoft.Extensions.Time.Testing;
using Notifications.Contracts;
using Notifications.Domain.QuietHours;

namespace Notifications.UnitTests.Policy;

public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();

    private static QuietWindow Window(string start, string end, DayOfWeek[]? days = null, Channel[]? channels = null) =>
        new(days ?? EveryDay, TimeOnly.Parse(start), TimeOnly.Parse(end), channels);

    private static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset? QuietUntil(FakeTimeProvider clock, TimeZoneInfo zone, Channel channel, params QuietWindow[] windows) =>
        QuietHoursCalendar.QuietUntil(windows, zone, channel, clock.GetUtcNow());

    [Fact]
    public void A_window_crossing_midnight_holds_until_its_end_the_next_morning_and_not_after()
    {
        var clock = new FakeTimeProvider(Utc("2026-01-13T22:30:00")); // 23:30 in Berlin, a Tuesday
        var night = Window("22:00", "07:00");

        Assert.Equal(Utc("2026-01-14T06:00:00"), QuietUntil(clock, Berlin, Channel.Email, night));
        clock.Advance(TimeSpan.FromHours(3)); // 02:30, after midnight: the window that started yesterday holds
        Assert.Equal(Utc("2026-01-14T06:00:00"), QuietUntil(clock, Berlin, Channel.Email, night));
        clock.SetUtcNow(Utc("2026-01-14T06:00:00"));
        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, night));
        clock.SetUtcNow(Utc("2026-01-14T20:59:00")); // 21:59
        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, night));
    }

    [Fact]
    public void Windows_start_only_on_their_days_and_a_night_belongs_to_the_day_it_starts()
    {
        var weeknights = Window("22:00", "07:00", [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);
        var clock = new FakeTimeProvider(Utc("2026-01-16T23:00:00")); // Saturday 00:00 in Berlin, in Friday's night

        Assert.Equal(Utc("2026-01-17T06:00:00"), QuietUntil(clock, Berlin, Channel.Email, weeknights));
        clock.SetUtcNow(Utc("2026-01-17T22:00:00")); // Saturday 23:00: no window starts on Saturday
        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, weeknights));
        clock.SetUtcNow(Utc("2026-01-18T02:00:00")); // Sunday 03:00: nor on Saturday night
        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, weeknights));
    }

    [Fact]
    public void A_window_for_some_channels_leaves_the_others_open()
    {
        var clock = new FakeTimeProvider(Utc("2026-01-13T23:00:00"));
        var pushOnly = Window("22:00", "07:00", channels: [Channel.Push, Channel.Sms]);

        Assert.NotNull(QuietUntil(clock, Berlin, Channel.Push, pushOnly));
        Assert.NotNull(QuietUntil(clock, Berlin, Channel.Sms, pushOnly));
        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, pushOnly));
    }

    [Fact]
    public void Back_to_back_windows_chain_into_one_quiet_time()
    {
        var clock = new FakeTimeProvider(Utc("2026-01-13T23:00:00"));

        var until = QuietUntil(clock, Berlin, Channel.Email, Window("22:00", "07:00"), Window("07:00", "08:30", [DayOfWeek.Wednesday]));

        Assert.Equal(Utc("2026-01-14T07:30:00"), until); // 08:30 in Berlin
    }

    [Fact]
    public void The_zone_is_the_users_own()
    {
        var clock = new FakeTimeProvider(Utc("2026-01-14T03:30:00")); // 04:30 in Berlin, 22:30 in New York
        var night = Window("22:00", "07:00");

        Assert.Equal(Utc("2026-01-14T06:00:00"), QuietUntil(clock, Berlin, Channel.Email, night));
        Assert.Equal(Utc("2026-01-14T12:00:00"), QuietUntil(clock, NewYork, Channel.Email, night));
    }

    // Europe/Berlin springs forward on 2026-03-29 at 02:00 CET (01:00Z) to 03:00 CEST: 02:00-03:00 never happens.
    [Fact]
    public void Berlin_spring_forward_night_is_an_hour_shorter()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-28T23:30:00")); // 00:30 CET

        var until = QuietUntil(clock, Berlin, Channel.Email, Window("22:00", "07:00"));

        Assert.Equal(Utc("2026-03-29T05:00:00"), until); // 07:00 CEST
        var (start, end) = QuietHoursCalendar.Occurrence(Window("22:00", "07:00"), new DateOnly(2026, 3, 28), Berlin);
        Assert.Equal(TimeSpan.FromHours(8), end - start);
    }

    [Fact]
    public void Berlin_a_window_starting_in_the_gap_starts_when_the_clock_jumps()
    {
        var window = Window("02:30", "06:00", [DayOfWeek.Sunday]);
        var clock = new FakeTimeProvider(Utc("2026-03-29T00:59:00")); // 01:59 CET

        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, window));
        clock.Advance(TimeSpan.FromMinutes(1)); // 01:00Z: the clock jumps from 02:00 CET to 03:00 CEST
        Assert.Equal(Utc("2026-03-29T04:00:00"), QuietUntil(clock, Berlin, Channel.Email, window)); // 06:00 CEST
    }

    [Fact]
    public void Berlin_a_window_ending_in_the_gap_ends_when_the_clock_jumps()
    {
        var window = Window("22:00", "02:30", [DayOfWeek.Saturday]);
        var clock = new FakeTimeProvider(Utc("2026-03-29T00:30:00")); // 01:30 CET

        Assert.Equal(Utc("2026-03-29T01:00:00"), QuietUntil(clock, Berlin, Channel.Email, window));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, window));
    }

    // Europe/Berlin falls back on 2026-10-25 at 03:00 CEST (01:00Z) to 02:00 CET: 02:00-03:00 happens twice.
    [Fact]
    public void Berlin_fall_back_night_is_an_hour_longer()
    {
        var clock = new FakeTimeProvider(Utc("2026-10-25T01:30:00")); // 02:30 CET, the second pass

        Assert.Equal(Utc("2026-10-25T06:00:00"), QuietUntil(clock, Berlin, Channel.Email, Window("22:00", "07:00"))); // 07:00 CET
        var (start, end) = QuietHoursCalendar.Occurrence(Window("22:00", "07:00"), new DateOnly(2026, 10, 24), Berlin);
        Assert.Equal(Utc("2026-10-24T20:00:00"), start); // 22:00 CEST
        Assert.Equal(TimeSpan.FromHours(10), end - start);
    }

    [Fact]
    public void Berlin_a_window_ending_in_the_overlap_lasts_until_the_clock_reads_its_end_the_second_time()
    {
        var window = Window("22:00", "02:30", [DayOfWeek.Saturday]);
        var clock = new FakeTimeProvider(Utc("2026-10-25T00:15:00")); // 02:15 CEST, the first pass

        Assert.Equal(Utc("2026-10-25T01:30:00"), QuietUntil(clock, Berlin, Channel.Email, window)); // 02:30 CET
        clock.SetUtcNow(Utc("2026-10-25T01:15:00")); // 02:15 CET, the second pass: still inside the window
        Assert.Equal(Utc("2026-10-25T01:30:00"), QuietUntil(clock, Berlin, Channel.Email, window));
        clock.SetUtcNow(Utc("2026-10-25T01:30:00"));
        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, window));
    }

    [Fact]
    public void Berlin_a_window_starting_in_the_overlap_starts_at_the_first_pass()
    {
        var window = Window("02:30", "05:00", [DayOfWeek.Sunday]);
        var clock = new FakeTimeProvider(Utc("2026-10-25T00:29:00")); // 02:29 CEST

        Assert.Null(QuietUntil(clock, Berlin, Channel.Email, window));
        clock.Advance(TimeSpan.FromMinutes(1)); // 02:30 CEST
        Assert.Equal(Utc("2026-10-25T04:00:00"), QuietUntil(clock, Berlin, Channel.Email, window)); // 05:00 CET
    }

    // America/New_York springs forward on 2026-03-08 at 02:00 EST (07:00Z) to 03:00 EDT.
    [Fact]
    public void New_York_spring_forward_night_is_an_hour_shorter_and_a_start_in_the_gap_waits_for_the_jump()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-08T06:00:00")); // 01:00 EST
        var (start, end) = QuietHoursCalendar.Occurrence(Window("22:00", "07:00"), new DateOnly(2026, 3, 7), NewYork);

        Assert.Equal(Utc("2026-03-08T03:00:00"), start); // 22:00 EST
        Assert.Equal(Utc("2026-03-08T11:00:00"), end); // 07:00 EDT
        Assert.Equal(Utc("2026-03-08T11:00:00"), QuietUntil(clock, NewYork, Channel.Push, Window("22:00", "07:00")));

        var inGap = Window("02:15", "04:00", [DayOfWeek.Sunday]);
        clock.SetUtcNow(Utc("2026-03-08T06:59:00"));
        Assert.Null(QuietUntil(clock, NewYork, Channel.Push, inGap));
        clock.SetUtcNow(Utc("2026-03-08T07:00:00")); // 03:00 EDT
        Assert.Equal(Utc("2026-03-08T08:00:00"), QuietUntil(clock, NewYork, Channel.Push, inGap)); // 04:00 EDT
    }

    // America/New_York falls back on 2026-11-01 at 02:00 EDT (06:00Z) to 01:00 EST: 01:00-02:00 happens twice.
    [Fact]
    public void New_York_fall_back_night_is_an_hour_longer_and_an_end_in_the_overlap_takes_the_second_pass()
    {
        var (start, end) = QuietHoursCalendar.Occurrence(Window("22:00", "07:00"), new DateOnly(2026, 10, 31), NewYork);
        Assert.Equal(Utc("2026-11-01T02:00:00"), start); // 22:00 EDT
        Assert.Equal(Utc("2026-11-01T12:00:00"), end); // 07:00 EST
        Assert.Equal(TimeSpan.FromHours(10), end - start);

        var endsInOverlap = Window("23:00", "01:30", [DayOfWeek.Saturday]);
        var clock = new FakeTimeProvider(Utc("2026-11-01T05:45:00")); // 01:45 EDT, first pass: past 01:30 once already
        Assert.Equal(Utc("2026-11-01T06:30:00"), QuietUntil(clock, NewYork, Channel.Push, endsInOverlap)); // 01:30 EST
        clock.SetUtcNow(Utc("2026-11-01T06:30:00"));
        Assert.Null(QuietUntil(clock, NewYork, Channel.Push, endsInOverlap));
    }

    [Fact]
    public void Local_times_resolve_the_gap_and_the_overlap()
    {
        Assert.Equal(Utc("2026-03-29T01:00:00"), LocalTimes.Earliest(new DateTime(2026, 3, 29, 2, 30, 0), Berlin));
        Assert.Equal(Utc("2026-03-29T01:00:00"), LocalTimes.Latest(new DateTime(2026, 3, 29, 2, 30, 0), Berlin));
        Assert.Equal(Utc("2026-10-25T00:30:00"), LocalTimes.Earliest(new DateTime(2026, 10, 25, 2, 30, 0), Berlin));
        Assert.Equal(Utc("2026-10-25T01:30:00"), LocalTimes.Latest(new DateTime(2026, 10, 25, 2, 30, 0), Berlin));
        Assert.Equal(Utc("2026-03-08T07:00:00"), LocalTimes.Earliest(new DateTime(2026, 3, 8, 2, 0, 0), NewYork));
        Assert.Equal(Utc("2026-11-01T05:30:00"), LocalTimes.Earliest(new DateTime(2026, 11, 1, 1, 30, 0), NewYork));
        Assert.Equal(Utc("2026-11-01T06:30:00"), LocalTimes.Latest(new DateTime(2026, 11, 1, 1, 30, 0), NewYork));
        Assert.Equal(Utc("2026-07-01T10:00:00"), LocalTimes.Earliest(new DateTime(2026, 7, 1, 12, 0, 0), Berlin));
    }
}
