namespace Notifications.Domain.Delivery;

/// <summary>
/// The delivery fields of a request (<c>scheduleAt</c>, <c>sendAtLocal</c>, <c>callbackUrl</c>): checked by the API
/// and again by the grain, as the other request rules are.
/// </summary>
public static class DeliveryRequestRules
{
    public const int MaxCallbackUrlLength = 2048;

    /// <summary>How far ahead a notification may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(366);

    public static IReadOnlyList<ValidationError> Validate(SendNotification request, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        if (request.ScheduleAt is not null && request.SendAtLocal is not null)
        {
            errors.Add(new("sendAtLocal", "cannot be combined with scheduleAt"));
        }

        if (request.ScheduleAt is { } at && at > now + MaxScheduleAhead)
        {
            errors.Add(new("scheduleAt", $"must be within {MaxScheduleAhead.TotalDays:0} days"));
        }

        if (request.SendAtLocal is { } local && !LocalSendTime.TryParse(local, out _))
        {
            errors.Add(new("sendAtLocal", "must be a time of day as HH:mm, such as 09:00"));
        }

        if (request.CallbackUrl is { } url && !IsCallbackUrl(url))
        {
            errors.Add(new("callbackUrl", $"must be an absolute http or https URL without credentials, at most {MaxCallbackUrlLength} characters"));
        }

        return errors;
    }

    /// <summary>
    /// The shape of a callback URL. Whether it may be called (https, no private addresses) is checked again when it is
    /// called, after DNS resolution.
    /// </summary>
    public static bool IsCallbackUrl(string url) =>
        url.Length <= MaxCallbackUrlLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0
        && uri.Host.Length > 0;
}
