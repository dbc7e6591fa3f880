using Notifications.Contracts;
using Notifications.Domain.Lifecycle;

namespace Notifications.UnitTests.Delivery;

public sealed class DeliveryTransitionsTests
{
    [Theory]
    [InlineData(NotificationStatus.Sending, NotificationStatus.Deferred)]
    [InlineData(NotificationStatus.Deferred, NotificationStatus.Sending)]
    [InlineData(NotificationStatus.Scheduled, NotificationStatus.Cancelled)]
    [InlineData(NotificationStatus.Deferred, NotificationStatus.DeadLettered)]
    [InlineData(NotificationStatus.Accepted, NotificationStatus.DeadLettered)]
    [InlineData(NotificationStatus.DeadLettered, NotificationStatus.Sending)]
    [InlineData(NotificationStatus.DeadLettered, NotificationStatus.Cancelled)]
    [InlineData(NotificationStatus.Sending, NotificationStatus.Suppressed)]
    public void Retries_schedules_replays_and_discards_are_allowed_moves(NotificationStatus from, NotificationStatus to) =>
        Assert.True(StatusTransitions.CanMove(from, to));

    [Theory]
    [InlineData(NotificationStatus.Sending, NotificationStatus.Cancelled)]
    [InlineData(NotificationStatus.Sent, NotificationStatus.Cancelled)]
    [InlineData(NotificationStatus.Cancelled, NotificationStatus.Sending)]
    public void What_is_in_flight_or_ended_cannot_be_cancelled_or_revived(NotificationStatus from, NotificationStatus to) =>
        Assert.False(StatusTransitions.CanMove(from, to));
}
