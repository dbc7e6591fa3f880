using Notifications.Grains;

namespace Notifications;

/// <summary>
/// The typed entry point for .NET services that talk to the cluster through the Orleans client, without HTTP.
/// </summary>
/// <example>
/// <code>
/// var result = await client.SendNotificationAsync("acme", new SendNotification("user-1", "welcome", """{"name":"Ada"}"""));
/// var status = await client.GetNotificationAsync("acme", result.Notification!.Id);
/// </code>
/// </example>
public static class NotificationsClientExtensions
{
    /// <summary>
    /// Submits a notification. Pass your own <paramref name="notificationId"/> to make retries of the call idempotent:
    /// the same id and request are accepted once.
    /// </summary>
    public static Task<SubmitResult> SendNotificationAsync(
        this IGrainFactory grains, string tenant, SendNotification request, string? notificationId = null)
    {
        var id = notificationId ?? NotificationIds.New();
        return grains.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, id)).Submit(request);
    }

    /// <summary>The notification's status and attempts, or null if the id is unknown.</summary>
    public static Task<NotificationView?> GetNotificationAsync(this IGrainFactory grains, string tenant, string notificationId) =>
        grains.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, notificationId)).Get();

    /// <summary>Cancels a notification that has not been handed to a provider yet (see <see cref="INotificationGrain.Cancel"/>).</summary>
    public static Task<ChangeResult> CancelNotificationAsync(this IGrainFactory grains, string tenant, string notificationId) =>
        grains.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, notificationId)).Cancel();

    /// <summary>
    /// Sets the secret (<c>whsec_</c> followed by base64) that signs the status callbacks of notifications this client
    /// submits with a <see cref="SendNotification.CallbackUrl"/>.
    /// </summary>
    public static Task SetCallbackSecretAsync(
        this IGrainFactory grains, string tenant, string secret, string caller = StatusCallbackCallers.OrleansClient) =>
        grains.GetGrain<ICallbackSigningGrain>(GrainKeys.Compose(tenant, caller)).SetSecret(secret);

    /// <summary>Creates or updates a user's profile and contacts.</summary>
    public static Task<UpsertUserResult> UpsertUserAsync(this IGrainFactory grains, string tenant, string userId, UserProfile profile) =>
        grains.GetGrain<IUserGrain>(GrainKeys.Compose(tenant, userId)).Upsert(profile);
}
