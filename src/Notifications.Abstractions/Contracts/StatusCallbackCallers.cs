namespace Notifications.Contracts;

/// <summary>
/// Status callbacks (<see cref="SendNotification.CallbackUrl"/>) are signed with the secret of the caller that submitted
/// the notification: an API key's name over HTTP, this name for Orleans-client callers unless they name themselves.
/// </summary>
public static class StatusCallbackCallers
{
    public const string OrleansClient = "orleans-client";
}
