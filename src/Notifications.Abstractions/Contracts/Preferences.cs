namespace Notifications.Contracts;

/// <summary>
/// A user's own choices. Every member is optional: null means "not chosen", so the operator's default for the
/// category applies. The same shape is a patch when merged into stored preferences.
/// </summary>
/// <param name="OptOutNonCritical">True stops everything but critical notifications.</param>
/// <param name="Categories">Per category (<c>marketing</c>, <c>transactional</c>...): channels on or off, and a preferred channel order.</param>
/// <param name="QuietHours">Windows of local time (in the user's time zone) when non-critical notifications wait.</param>
[GenerateSerializer, Immutable, Alias("notifications.user-preferences")]
public sealed record UserPreferences(
    bool? OptOutNonCritical = null,
    IReadOnlyDictionary<string, CategoryPreference>? Categories = null,
    IReadOnlyList<QuietWindow>? QuietHours = null)
{
    public static readonly UserPreferences None = new();
}

/// <summary>One category's channels, each on or off (a channel not named follows the operator's default), and the order to try them in.</summary>
[GenerateSerializer, Immutable, Alias("notifications.category-preference")]
public sealed record CategoryPreference(IReadOnlyDictionary<Channel, bool>? Channels = null, IReadOnlyList<Channel>? Order = null);

/// <summary>
/// Quiet from <paramref name="Start"/> to <paramref name="End"/> local time, starting on each of <paramref name="Days"/>.
/// An end at or before the start crosses midnight into the next day. <paramref name="Channels"/> limits the window to
/// those channels; null means every channel.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.quiet-window")]
public sealed record QuietWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, IReadOnlyList<Channel>? Channels = null);

/// <summary>
/// A change to a user's preferences: <paramref name="Replace"/> stores <paramref name="Preferences"/> as given (PUT);
/// otherwise the given members are merged into what is stored (PATCH). <paramref name="TimeZone"/>, when given, is the
/// user's new IANA time zone, changed in the same step.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.preferences-update")]
public sealed record PreferencesUpdate(UserPreferences Preferences, bool Replace, string? TimeZone = null);

/// <summary>
/// A user's preferences as stored, with what the user unsubscribed from by link (<c>category:channel</c>, such as
/// <c>marketing:email</c>) and the addresses that opted out of a channel for good (<c>channel:address</c>: an SMS STOP
/// on a phone number, an email address that unsubscribed from all email). Critical notifications respect the latter.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.preferences-view")]
public sealed record PreferencesView(
    UserPreferences Preferences,
    string? TimeZone,
    IReadOnlyList<string> Unsubscribed,
    IReadOnlyList<string> OptedOutAddresses);

/// <summary>The outcome of a preferences change: the preferences now stored, or why the change was refused.</summary>
[GenerateSerializer, Immutable, Alias("notifications.preferences-result")]
public sealed record PreferencesResult(PreferencesView? Preferences, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0 && Preferences is not null;
}

/// <summary>Device tokens and web-push subscriptions are stored as address strings; these are their forms.</summary>
public static class ContactAddresses
{
    public const string FcmPrefix = "fcm:";
    public const string ApnsPrefix = "apns:";

    /// <summary>The address of a mobile device token: <c>fcm:&lt;token&gt;</c> or <c>apns:&lt;token&gt;</c>.</summary>
    public static string Device(string platform, string token) => string.Concat(platform.ToLowerInvariant(), ":", token);
}
