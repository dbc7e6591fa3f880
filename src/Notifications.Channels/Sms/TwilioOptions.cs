namespace Notifications.Channels.Sms;

/// <summary>The Twilio account, bound from <c>Notifications:Sms:Twilio</c>. Without AccountSid and AuthToken no SMS sender is registered.</summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Notifications:Sms:Twilio";

    public string? AccountSid { get; set; }

    /// <summary>Authenticates API calls and signs status callbacks (<see cref="TwilioSignature"/>).</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sending number (E.164) or alphanumeric sender id; ignored when <see cref="MessagingServiceSid"/> is set.</summary>
    public string? From { get; set; }

    /// <summary>A messaging service that picks the sender; takes precedence over <see cref="From"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Where Twilio posts delivery receipts (our signed status-callback endpoint); none when empty.</summary>
    public string? StatusCallbackUrl { get; set; }

    /// <summary>The API root; tests point it at a local fake.</summary>
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken);
}
