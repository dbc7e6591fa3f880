using Notifications.Contracts;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class DeliveryRequestRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static IEnumerable<string> Fields(SendNotification request) =>
        DeliveryRequestRules.Validate(request, Now).Select(error => error.Field);

    [Fact]
    public void Scheduling_fields_and_a_callback_url_that_make_sense_pass()
    {
        Assert.Empty(Fields(new SendNotification("ada", "welcome", ScheduleAt: Now.AddDays(2), CallbackUrl: "https://example.com/hooks?x=1")));
        Assert.Empty(Fields(new SendNotification("ada", "welcome", SendAtLocal: "09:00")));
    }

    [Fact]
    public void Both_schedules_at_once_are_refused() =>
        Assert.Equal(["sendAtLocal"], Fields(new SendNotification("ada", "welcome", ScheduleAt: Now, SendAtLocal: "09:00")));

    [Fact]
    public void A_schedule_more_than_a_year_ahead_is_refused() =>
        Assert.Equal(["scheduleAt"], Fields(new SendNotification("ada", "welcome", ScheduleAt: Now.AddDays(400))));

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("/relative")]
    [InlineData("https://user:secret@example.com/")]
    [InlineData("file:///etc/passwd")]
    public void A_callback_url_that_is_not_plain_http_is_refused(string url) =>
        Assert.Equal(["callbackUrl"], Fields(new SendNotification("ada", "welcome", CallbackUrl: url)));
}
