using Notifications.Channels.Sms;

namespace Notifications.Channels.Tests.Sms;

public sealed class TwilioStatusMapperTests
{
    [Theory]
    [InlineData("queued", NotificationStatus.Sending)]
    [InlineData("accepted", NotificationStatus.Sending)]
    [InlineData("sending", NotificationStatus.Sending)]
    [InlineData("sent", NotificationStatus.Sent)]
    [InlineData("delivered", NotificationStatus.Delivered)]
    [InlineData("Delivered", NotificationStatus.Delivered)]
    [InlineData("read", NotificationStatus.Opened)]
    [InlineData("undelivered", NotificationStatus.Failed)]
    [InlineData("failed", NotificationStatus.Failed)]
    [InlineData("canceled", NotificationStatus.Cancelled)]
    public void Maps_message_statuses(string status, NotificationStatus expected)
    {
        Assert.Equal(expected, TwilioStatusMapper.Map(status));
    }

    [Theory]
    [InlineData("received")]
    [InlineData("receiving")]
    [InlineData("something-new")]
    [InlineData(null)]
    public void Ignores_statuses_that_say_nothing_about_an_outbound_message(string? status)
    {
        Assert.Null(TwilioStatusMapper.Map(status));
    }

    [Fact]
    public void Describes_delivery_error_codes()
    {
        Assert.Equal("30006 landline or unreachable carrier", TwilioStatusMapper.DescribeError("30006"));
        Assert.Null(TwilioStatusMapper.DescribeError(""));
    }
}
