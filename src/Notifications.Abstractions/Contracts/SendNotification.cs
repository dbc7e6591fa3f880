namespace Notifications.Contracts;

/// <summary>
/// A request to notify one user. <paramref name="DataJson"/> is a JSON object handed to the templates as <c>data</c>;
/// <paramref name="Channels"/> narrows the channels the notification type would otherwise use.
/// <paramref name="ScheduleAt"/> sends at an instant, <paramref name="SendAtLocal"/> (<c>"09:00"</c>) at the next such
/// time in the recipient's time zone (one or the other); <paramref name="CallbackUrl"/> receives each status change.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.send-notification")]
public sealed record SendNotification(
    string UserId,
    string Type,
    string? DataJson = null,
    IReadOnlyList<Channel>? Channels = null,
    Priority? Priority = null,
    DateTimeOffset? ScheduleAt = null,
    string? SendAtLocal = null,
    string? CallbackUrl = null);

/// <summary>What became of a submission.</summary>
[GenerateSerializer, Alias("notifications.submit-outcome")]
public enum SubmitOutcome
{
    /// <summary>Stored durably; delivery goes on asynchronously.</summary>
    Accepted = 0,

    /// <summary>The same id was submitted before with the same request: nothing new happens.</summary>
    AlreadyAccepted = 1,

    /// <summary>The request has invalid fields; see the errors.</summary>
    Invalid = 2,

    UnknownUser = 3,
    UnknownType = 4,

    /// <summary>The id is taken by a different request.</summary>
    IdConflict = 5,
}

/// <summary>The answer to a submission: the notification as stored, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("notifications.submit-result")]
public sealed record SubmitResult(SubmitOutcome Outcome, NotificationView? Notification, IReadOnlyList<ValidationError> Errors)
{
    public bool IsAccepted => Outcome is SubmitOutcome.Accepted or SubmitOutcome.AlreadyAccepted;

    public static SubmitResult Refused(SubmitOutcome outcome, params ValidationError[] errors) => new(outcome, null, errors);
}
