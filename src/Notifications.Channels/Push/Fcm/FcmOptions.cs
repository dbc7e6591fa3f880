namespace Notifications.Channels.Push.Fcm;

/// <summary>Firebase Cloud Messaging (HTTP v1), bound from <c>Notifications:Push:Fcm</c>. Without a service account FCM is off.</summary>
public sealed class FcmOptions
{
    public const string SectionName = "Notifications:Push:Fcm";

    /// <summary>The service account key (the JSON file's content); takes precedence over <see cref="ServiceAccountFile"/>.</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>Path to the service account key file.</summary>
    public string? ServiceAccountFile { get; set; }

    /// <summary>The Firebase project; defaults to the service account's <c>project_id</c>.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The API root; tests point it at a local fake.</summary>
    public string BaseUrl { get; set; } = "https://fcm.googleapis.com";

    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceAccountJson) || !string.IsNullOrWhiteSpace(ServiceAccountFile);
}
