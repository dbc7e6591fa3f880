namespace Notifications.Domain.Policy;

/// <summary>
/// Decides how a notification reaches a recipient: the requested channels, in order, for which the recipient has
/// an address. A notification with no usable address is suppressed with <see cref="StatusReasons.NoAddress"/>.
/// </summary>
public static class RecipientPolicy
{
    public static DeliveryPlan Plan(UserProfile recipient, PlanRequest request)
    {
        var routes = new List<ChannelRoute>(request.Channels.Count);
        foreach (var channel in request.Channels)
        {
            if (AddressOf(recipient, channel) is { } address)
            {
                routes.Add(new ChannelRoute(channel, address));
            }
        }

        return routes.Count == 0
            ? DeliveryPlan.Suppress(recipient, StatusReasons.NoAddress)
            : new DeliveryPlan(PlanDecision.Send, routes, recipient);
    }

    private static string? AddressOf(UserProfile recipient, Channel channel) => channel switch
    {
        Channel.Email => recipient.Email,
        Channel.Sms => recipient.Phone,
        Channel.InApp => "inbox",
        _ => null,
    };
}
