namespace Notifications.Domain.Policy;

/// <summary>
/// Keys for the opt-outs the law makes binding, recorded on the address rather than the user: an SMS STOP belongs to
/// the phone number, an unsubscribe from all email to the email address. A new number or address starts clean.
/// </summary>
public static class LegalOptOuts
{
    public static string Key(Channel channel, string address) =>
        string.Concat(channel.ToWireName(), ":", channel == Channel.Email ? address.Trim().ToLowerInvariant() : address.Trim());

    /// <summary>The key of a one-click unsubscribe from a category on a channel.</summary>
    public static string UnsubscribeKey(string category, Channel channel) => string.Concat(category, ":", channel.ToWireName());
}
