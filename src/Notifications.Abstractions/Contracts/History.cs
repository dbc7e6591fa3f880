namespace Notifications.Contracts;

/// <summary>A user's view of one notification in their history.</summary>
[GenerateSerializer, Immutable, Alias("notifications.history-entry")]
public sealed record HistoryEntry(
    string NotificationId,
    string Type,
    NotificationStatus Status,
    string? StatusReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A page of history, newest first. <paramref name="NextCursor"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("notifications.history-page")]
public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Items, string? NextCursor);
