namespace Notifications.Api.Pages.Preferences;

/// <summary>How channels read to a person.</summary>
public static class ChannelLabels
{
    public static string For(Channel channel) => channel switch
    {
        Channel.Email => "Email",
        Channel.Sms => "SMS",
        Channel.Push => "Mobile push",
        Channel.WebPush => "Browser push",
        Channel.InApp => "In-app",
        _ => channel.ToWireName(),
    };

    /// <summary>"by email", "by SMS"...: the end of a checkbox's label.</summary>
    public static string By(Channel channel) => channel switch
    {
        Channel.Email => "by email",
        Channel.Sms => "by SMS",
        Channel.Push => "by mobile push",
        Channel.WebPush => "by browser push",
        Channel.InApp => "in the app",
        _ => $"by {channel.ToWireName()}",
    };
}
