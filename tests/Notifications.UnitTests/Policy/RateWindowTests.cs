using Microsoft.Extensions.Time.Testing;
using Notifications.Domain.Policy;
using Notifications.Domain.RateLimits;

namespace Notifications.UnitTests.Policy;

public sealed class RateWindowTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-14T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_window_slides_send_by_send()
    {
        var threePerHour = new RateLimit(3, TimeSpan.FromHours(1));
        var sends = new List<DateTimeOffset>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            Assert.Null(RateWindow.FullUntil(sends, threePerHour, _clock.GetUtcNow()));
            sends.Add(_clock.GetUtcNow());
            _clock.Advance(TimeSpan.FromMinutes(10));
        }

        var start = sends[0];
        Assert.Equal(start.AddHours(1), RateWindow.FullUntil(sends, threePerHour, _clock.GetUtcNow()));
        _clock.SetUtcNow(start.AddHours(1).AddTicks(-1));
        Assert.NotNull(RateWindow.FullUntil(sends, threePerHour, _clock.GetUtcNow()));
        _clock.SetUtcNow(start.AddHours(1));
        Assert.Null(RateWindow.FullUntil(sends, threePerHour, _clock.GetUtcNow()));
    }

    [Fact]
    public void Pruning_keeps_only_what_can_still_count()
    {
        var now = _clock.GetUtcNow();
        var sends = new List<DateTimeOffset> { now.AddDays(-2), now.AddHours(-5), now.AddHours(-3), now.AddHours(-2), now.AddHours(-1) };

        RateWindow.Prune(sends, sent => sent, now, TimeSpan.FromDays(1), keep: 3);

        Assert.Equal([now.AddHours(-3), now.AddHours(-2), now.AddHours(-1)], sends);
    }
}
