using Notifications.Channels;
using Notifications.Domain.Inbox;

namespace Notifications.Grains.Inbox;

/// <summary>
/// The in-app channel's "provider": stores the rendered title, body and action URL in the recipient's
/// <see cref="IInboxGrain"/>, which publishes the live event. The provider message id is the inbox message id.
/// </summary>
public sealed class InAppChannelSender(IGrainFactory grains) : IChannelSender
{
    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var (draft, error) = InboxContent.FromRendered(message.NotificationId, message.Content);
        if (draft is null)
        {
            return DeliveryResult.Permanent(error!);
        }

        var inbox = grains.GetGrain<IInboxGrain>(GrainKeys.Compose(message.Tenant, message.UserId));
        var result = await inbox.Add(draft).WaitAsync(ct);
        return result.IsValid
            ? DeliveryResult.Sent(result.Message!.Id)
            : DeliveryResult.Permanent(string.Join("; ", result.Errors.Select(invalid => $"{invalid.Field} {invalid.Reason}")));
    }
}
