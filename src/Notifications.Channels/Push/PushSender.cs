namespace Notifications.Channels.Push;

/// <summary>
/// The push channel: sends to FCM or APNs by the address prefix (<c>fcm:</c> or <c>apns:</c>). A service without
/// settings is null, and its addresses fail with a message naming the settings to add.
/// </summary>
public sealed class PushSender(IPushServiceClient? fcm, IPushServiceClient? apns) : IChannelSender
{
    public Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (PushAddress.TryParse(message.Address) is not { } address)
        {
            return Task.FromResult(DeliveryResult.Permanent(
                $"'{Shorten(message.Address)}' is not a push address (expected {PushAddress.FcmPrefix}<token> or {PushAddress.ApnsPrefix}<hex token>)."));
        }

        var client = address.Service == PushService.Fcm ? fcm : apns;
        if (client is null)
        {
            var section = address.Service == PushService.Fcm ? "Notifications:Push:Fcm" : "Notifications:Push:Apns";
            return Task.FromResult(DeliveryResult.Permanent($"No provider is configured for {address.Service} push: set {section}."));
        }

        return client.SendAsync(address.Token, message, ct);
    }

    private static string Shorten(string address) => address.Length <= 16 ? address : address[..16] + "…";
}
