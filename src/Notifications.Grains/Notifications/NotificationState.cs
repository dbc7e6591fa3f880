namespace Notifications.Grains.Notifications;

/// <summary>A notification as stored: the request it was accepted with, where it stands, and every attempt.</summary>
[GenerateSerializer, Alias("notifications.notification-state")]
public sealed class NotificationState
{
    [Id(0)] public SendNotification? Request { get; set; }

    /// <summary>Identifies the request's content, so a resubmission under the same id can be told apart from a conflict.</summary>
    [Id(1)] public string Fingerprint { get; set; } = string.Empty;

    [Id(2)] public Priority Priority { get; set; }

    [Id(3)] public string Category { get; set; } = string.Empty;

    [Id(4)] public int TemplateVersion { get; set; }

    [Id(5)] public NotificationStatus Status { get; set; }

    [Id(6)] public string? StatusReason { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(9)] public List<DeliveryAttempt> Attempts { get; set; } = [];

    [Id(10)] public List<Channel> Channels { get; set; } = [];

    /// <summary>When a deferred notification is next tried; null when it is not waiting.</summary>
    [Id(11)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Where the current attempt series starts in <see cref="Attempts"/>: a replay starts a new one.</summary>
    [Id(20)] public int SeriesStart { get; set; }

    /// <summary>Channels given up on in the current series (failed for good, or out of retries): the next route is tried.</summary>
    [Id(21)] public List<Channel> ExhaustedChannels { get; set; } = [];

    /// <summary>Whether a wait registered the wake-up reminder, which is then dropped when the notification ends.</summary>
    [Id(22)] public bool WakeReminderArmed { get; set; }

    [Id(23)] public DateTimeOffset? DeadLetteredAt { get; set; }

    [Id(24)] public int Replays { get; set; }

    [Id(25)] public string? ReplayedBy { get; set; }

    [Id(26)] public DateTimeOffset? ReplayedAt { get; set; }

    /// <summary>Who discarded the dead letter (the API key's name) and when.</summary>
    [Id(27)] public string? DiscardedBy { get; set; }

    [Id(28)] public DateTimeOffset? DiscardedAt { get; set; }

    /// <summary>Who submitted it (the API key's name over HTTP): whose secret signs its status callbacks.</summary>
    [Id(29)] public string? Caller { get; set; }
}
