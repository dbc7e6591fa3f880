namespace Notifications.Contracts;

/// <summary>
/// A provider's later word on a message it accepted (a Twilio status callback). <paramref name="ProviderMessageId"/>
/// names the attempt (the id the provider answered the send with); <paramref name="Status"/> is the message's status in
/// our model. <paramref name="OptedOutAddress"/>, when set, is an address the provider says opted out of the channel
/// (an SMS STOP): it is recorded as a legal opt-out whatever the status does.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.provider-receipt")]
public sealed record ProviderReceipt(
    Channel Channel,
    string ProviderMessageId,
    NotificationStatus? Status,
    string? Reason = null,
    string? OptedOutAddress = null);

/// <summary>What a provider receipt did to its notification.</summary>
[GenerateSerializer, Alias("notifications.receipt-outcome")]
public enum ReceiptOutcome
{
    /// <summary>The notification moved to the receipt's status.</summary>
    Applied = 0,

    /// <summary>
    /// The receipt would not move the notification forward (a duplicate, or a late "sent" after "delivered"): receipts
    /// arrive out of order, so it changed nothing.
    /// </summary>
    Ignored = 1,

    /// <summary>No such notification, or none of its attempts has this provider message id.</summary>
    NotFound = 2,
}
