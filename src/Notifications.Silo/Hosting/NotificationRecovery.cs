using System.Text.Json;
using Notifications.Domain.Lifecycle;
using Notifications.Grains;
using Notifications.Grains.Notifications;
using Notifications.Persistence.Storage;

namespace Notifications.Silo.Hosting;

/// <summary>
/// How the group-commit storage and its sweeper see notifications: an accepted notification is unfinished until its
/// status is terminal, waits until <see cref="NotificationState.NextAttemptAt"/> when it has one, and is resumed by
/// activating its grain (the grain picks up unfinished work when it activates).
/// </summary>
public static class NotificationRecovery
{
    public static StateRecoveryInfo Describe(object? state) => state switch
    {
        NotificationState { Request: not null } notification => new StateRecoveryInfo(
            JsonNamingPolicy.SnakeCaseLower.ConvertName(notification.Status.ToString()),
            StatusTransitions.IsTerminal(notification.Status),
            notification.NextAttemptAt),
        _ => StateRecoveryInfo.Done,
    };

    public static Task Wake(IGrainFactory grains, GrainId grainId) => grains.GetGrain<INotificationGrain>(grainId).Get();
}
