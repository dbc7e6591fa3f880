namespace Notifications.Grains;

/// <summary>
/// One recipient: profile and contacts, and a bounded history of their notifications.
/// Keyed <c>{tenant}/{userId}</c> (see <see cref="GrainKeys"/>). Only this grain changes its user's data.
/// </summary>
[Alias("notifications.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user or replaces the given fields; fields left null keep their value.</summary>
    Task<UpsertUserResult> Upsert(UserProfile profile);

    /// <summary>The profile, or null if the user was never created.</summary>
    Task<UserProfile?> GetProfile();

    /// <summary>Decides, in one call, how a notification reaches this user: routes in order, a deferral, or a suppression.</summary>
    Task<DeliveryPlan> Plan(PlanRequest request);

    /// <summary>Records a notification's current status in the user's history.</summary>
    Task Track(HistoryEntry entry);

    /// <summary>The user's notifications, newest first.</summary>
    Task<HistoryPage> GetHistory(int limit, string? cursor);
}
