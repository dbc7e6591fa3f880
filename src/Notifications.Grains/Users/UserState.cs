namespace Notifications.Grains.Users;

/// <summary>The user's profile and contacts: small, changed rarely, so stored apart from the history.</summary>
[GenerateSerializer, Alias("notifications.user-profile-state")]
public sealed class UserProfileState
{
    [Id(0)] public UserProfile? Profile { get; set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The user's recent notifications, newest first and bounded.</summary>
[GenerateSerializer, Alias("notifications.user-history-state")]
public sealed class UserHistoryState
{
    [Id(0)] public List<HistoryEntry> Entries { get; set; } = [];
}
