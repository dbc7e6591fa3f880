using System.Globalization;

namespace Notifications.Channels.Sms;

/// <summary>
/// One Twilio status callback, read from its form (<c>MessageSid</c>, <c>MessageStatus</c>, <c>ErrorCode</c>, <c>To</c>)
/// and from the <c>notification</c> query parameter our sender put in the StatusCallback URL
/// (<see cref="TwilioSmsSender.StatusCallbackFor"/>): which notification, which message, and what it now is in our
/// status model. Only read it after <see cref="TwilioSignature.IsValid"/> said the request is Twilio's.
/// </summary>
public sealed record TwilioStatusCallback(
    string NotificationKey,
    string MessageSid,
    string? MessageStatus,
    NotificationStatus? Status,
    string? Reason,
    string? OptedOutPhone)
{
    /// <summary>The query parameter of the callback URL that names the notification as <c>{tenant}/{id}</c>.</summary>
    public const string NotificationParameter = "notification";

    /// <summary>The callback, or null when it names no notification or no message (nothing to apply).</summary>
    public static TwilioStatusCallback? Read(string? notificationKey, IReadOnlyDictionary<string, string> form)
    {
        if (string.IsNullOrWhiteSpace(notificationKey) || !form.TryGetValue("MessageSid", out var sid) || string.IsNullOrWhiteSpace(sid))
        {
            return null;
        }

        var messageStatus = form.GetValueOrDefault("MessageStatus")?.Trim();
        var errorCode = form.GetValueOrDefault("ErrorCode")?.Trim();
        var status = TwilioStatusMapper.Map(messageStatus);
        var reason = status == NotificationStatus.Failed
            ? TwilioStatusMapper.DescribeError(errorCode) is { } error ? $"twilio {messageStatus}: {error}" : $"twilio {messageStatus}"
            : null;
        var optedOut = errorCode == TwilioErrorClassifier.StopErrorCode.ToString(CultureInfo.InvariantCulture) && form.GetValueOrDefault("To") is { Length: > 0 } to ? to.Trim() : null;
        return new TwilioStatusCallback(notificationKey, sid.Trim(), messageStatus, status, reason, optedOut);
    }

    /// <summary>The receipt the notification grain applies.</summary>
    public ProviderReceipt ToReceipt() => new(Channel.Sms, MessageSid, Status, Reason, OptedOutPhone);

    /// <summary>
    /// The URL Twilio signed, for a callback that reached us as <paramref name="receivedUrl"/>. Behind a proxy or load
    /// balancer the URL the API sees is not the public one Twilio called, so scheme, host, port and path come from the
    /// configured <paramref name="statusCallbackUrl"/> (what the sender gave Twilio) and only the query, which names the
    /// notification, from the request. Without a configured URL the received one is all there is.
    /// </summary>
    public static string SignedUrl(string? statusCallbackUrl, string receivedUrl)
    {
        if (string.IsNullOrWhiteSpace(statusCallbackUrl))
        {
            return receivedUrl;
        }

        var publicPart = statusCallbackUrl.Split('?', 2)[0];
        var query = receivedUrl.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? receivedUrl[at..] : string.Empty;
        return publicPart + query;
    }
}
