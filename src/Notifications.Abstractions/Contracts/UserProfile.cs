namespace Notifications.Contracts;

/// <summary>
/// A recipient's profile and contacts. Absent fields are unknown, not empty. <paramref name="Devices"/> are mobile push
/// tokens as <c>fcm:&lt;token&gt;</c> or <c>apns:&lt;token&gt;</c>; <paramref name="WebPushSubscriptions"/> are browser
/// subscriptions as their JSON (<c>{"endpoint":…,"keys":{"p256dh":…,"auth":…}}</c>). <paramref name="WebhookUrl"/> receives
/// the user's webhook-channel notifications (checked against server-side request forgery when called).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.user-profile")]
public sealed record UserProfile(
    string? Name = null,
    string? Email = null,
    string? Phone = null,
    string? Locale = null,
    string? TimeZone = null,
    IReadOnlyList<string>? Devices = null,
    IReadOnlyList<string>? WebPushSubscriptions = null,
    string? WebhookUrl = null);

/// <summary>Whether an upsert created the user or changed an existing one.</summary>
[GenerateSerializer, Immutable, Alias("notifications.upsert-user-result")]
public sealed record UpsertUserResult(bool Created, UserProfile Profile, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
