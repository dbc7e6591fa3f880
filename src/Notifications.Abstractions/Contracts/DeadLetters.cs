namespace Notifications.Contracts;

/// <summary>
/// One dead letter as listed: a notification that exhausted every route. Its full attempt history is on the
/// notification itself (<see cref="NotificationView"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.dead-letter")]
public sealed record DeadLetterSummary(
    string NotificationId,
    string UserId,
    string Type,
    Priority Priority,
    IReadOnlyList<Channel> Channels,
    int Attempts,
    DateTimeOffset DeadLetteredAt,
    string? LastError);

/// <summary>
/// Which dead letters to list: of a type, that tried a channel, dead-lettered from <paramref name="From"/> (inclusive)
/// to <paramref name="To"/> (exclusive). Newest first; <paramref name="Cursor"/> continues a previous page.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.dead-letter-query")]
public sealed record DeadLetterQuery(
    string? Type = null,
    Channel? Channel = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 50,
    string? Cursor = null);

/// <summary>A page of dead letters, newest first. <paramref name="NextCursor"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("notifications.dead-letter-page")]
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, string? NextCursor);
