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

    /// <summary>
    /// Adds a contact address: a device token for <see cref="Channel.Push"/> (<c>fcm:&lt;token&gt;</c> or
    /// <c>apns:&lt;token&gt;</c>) or a subscription's JSON for <see cref="Channel.WebPush"/> (one with the same endpoint is
    /// replaced). Refused with errors when the address is malformed or the user does not exist.
    /// </summary>
    Task<UpsertUserResult> AddAddress(Channel channel, string address);

    /// <summary>
    /// Removes a contact address: the user's request, or a provider reporting it gone (an unregistered token, an
    /// expired subscription, a webhook URL that answered 410 Gone; a web-push subscription may be named by its endpoint
    /// alone). True if it was there.
    /// </summary>
    Task<bool> RemoveAddress(Channel channel, string address);

    /// <summary>
    /// Records a legal opt-out of a channel by an address (an SMS STOP on a phone number, an email address that
    /// unsubscribed from all email); null means the user's current address on that channel. Even critical
    /// notifications respect it.
    /// </summary>
    Task MarkOptedOut(Channel channel, string? address);

    /// <summary>Lifts a legal opt-out (an SMS START); null means the user's current address on that channel.</summary>
    Task ClearOptOut(Channel channel, string? address);

    /// <summary>The user's preferences, or null if the user was never created.</summary>
    Task<PreferencesView?> GetPreferences();

    /// <summary>Replaces or merges the user's preferences (and time zone), or says why not.</summary>
    Task<PreferencesResult> UpdatePreferences(PreferencesUpdate update);

    /// <summary>
    /// A one-click unsubscribe: turns <paramref name="category"/> off on <paramref name="channel"/> and remembers it came
    /// from an unsubscribe link. False if the user does not exist.
    /// </summary>
    Task<bool> Unsubscribe(string category, Channel channel);
}
