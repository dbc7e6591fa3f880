namespace Notifications.Grains.Users;

/// <summary>
/// The user's profile and contacts, preferences and opt-outs: small, changed rarely, so stored apart from the history
/// and the send log.
/// </summary>
[GenerateSerializer, Alias("notifications.user-profile-state")]
public sealed class UserProfileState
{
    [Id(0)] public UserProfile? Profile { get; set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    [Id(2)] public UserPreferences? Preferences { get; set; }

    /// <summary>One-click unsubscribes, as <c>category:channel</c>.</summary>
    [Id(3)] public List<string> Unsubscribed { get; set; } = [];

    /// <summary>Binding opt-outs, as <c>channel:address</c> (an SMS STOP, an email address that unsubscribed from all email).</summary>
    [Id(4)] public List<string> OptedOutAddresses { get; set; } = [];
}

/// <summary>The user's recent notifications, newest first and bounded.</summary>
[GenerateSerializer, Alias("notifications.user-history-state")]
public sealed class UserHistoryState
{
    [Id(0)] public List<HistoryEntry> Entries { get; set; } = [];
}

/// <summary>
/// What counts against the user's budgets: per channel, the latest sends within the longest configured window. Kept
/// in storage so a deactivation does not reset a budget.
/// </summary>
[GenerateSerializer, Alias("notifications.user-budget-state")]
public sealed class UserBudgetState
{
    [Id(0)] public Dictionary<Channel, List<SendRecord>> Sends { get; set; } = [];
}

/// <summary>One send that counts against a budget; the notification's id makes a repeated plan count once.</summary>
[GenerateSerializer, Immutable, Alias("notifications.send-record")]
public sealed record SendRecord([property: Id(0)] DateTimeOffset At, [property: Id(1)] string NotificationId);
