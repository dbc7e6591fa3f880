using Notifications.Contracts;
using Notifications.Domain.Lifecycle;

namespace Notifications.UnitTests.Lifecycle;

public sealed class StatusTransitionsTests
{
    [Theory]
    [InlineData(NotificationStatus.Accepted, NotificationStatus.Sending)]
    [InlineData(NotificationStatus.Accepted, NotificationStatus.Suppressed)]
    [InlineData(NotificationStatus.Sending, NotificationStatus.Sent)]
    [InlineData(NotificationStatus.Sending, NotificationStatus.Failed)]
    [InlineData(NotificationStatus.Sent, NotificationStatus.Delivered)]
    [InlineData(NotificationStatus.Delivered, NotificationStatus.Opened)]
    [InlineData(NotificationStatus.Failed, NotificationStatus.DeadLettered)]
    public void The_lifecycle_moves_forward(NotificationStatus from, NotificationStatus to) =>
        Assert.True(StatusTransitions.CanMove(from, to));

    [Theory]
    [InlineData(NotificationStatus.Sent, NotificationStatus.Sending)]
    [InlineData(NotificationStatus.Delivered, NotificationStatus.Sent)]
    [InlineData(NotificationStatus.Accepted, NotificationStatus.Sent)]
    [InlineData(NotificationStatus.Suppressed, NotificationStatus.Sending)]
    [InlineData(NotificationStatus.Cancelled, NotificationStatus.Sending)]
    [InlineData(NotificationStatus.Clicked, NotificationStatus.Opened)]
    public void A_late_or_skipping_status_is_refused(NotificationStatus from, NotificationStatus to) =>
        Assert.False(StatusTransitions.CanMove(from, to));

    [Theory]
    [InlineData(NotificationStatus.Sent, true)]
    [InlineData(NotificationStatus.Failed, true)]
    [InlineData(NotificationStatus.Suppressed, true)]
    [InlineData(NotificationStatus.Accepted, false)]
    [InlineData(NotificationStatus.Sending, false)]
    [InlineData(NotificationStatus.Deferred, false)]
    public void Terminal_statuses_end_delivery(NotificationStatus status, bool terminal) =>
        Assert.Equal(terminal, StatusTransitions.IsTerminal(status));
}
