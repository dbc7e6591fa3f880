namespace Notifications.Channels.Push;

/// <summary>A device token as stored in a contact: <c>fcm:&lt;token&gt;</c> or <c>apns:&lt;hex token&gt;</c>.</summary>
public sealed record PushAddress(PushService Service, string Token)
{
    public const string FcmPrefix = "fcm:";
    public const string ApnsPrefix = "apns:";

    public static PushAddress? TryParse(string address)
    {
        if (address.StartsWith(FcmPrefix, StringComparison.OrdinalIgnoreCase) && address.Length > FcmPrefix.Length)
        {
            return new PushAddress(PushService.Fcm, address[FcmPrefix.Length..]);
        }

        if (address.StartsWith(ApnsPrefix, StringComparison.OrdinalIgnoreCase) && address.Length > ApnsPrefix.Length)
        {
            return new PushAddress(PushService.Apns, address[ApnsPrefix.Length..]);
        }

        return null;
    }

    public override string ToString() => (Service == PushService.Fcm ? FcmPrefix : ApnsPrefix) + Token;
}

public enum PushService
{
    Fcm = 0,
    Apns = 1,
}
