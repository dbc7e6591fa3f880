using System.Text.Json.Serialization;

namespace Notifications.Contracts;

/// <summary>A delivery channel. The JSON names are the wire names of the API.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
[GenerateSerializer, Alias("notifications.channel")]
public enum Channel
{
    [JsonStringEnumMemberName("email")] Email = 0,
    [JsonStringEnumMemberName("sms")] Sms = 1,
    [JsonStringEnumMemberName("push")] Push = 2,
    [JsonStringEnumMemberName("webpush")] WebPush = 3,
    [JsonStringEnumMemberName("inapp")] InApp = 4,
    [JsonStringEnumMemberName("webhook")] Webhook = 5,
}

/// <summary>Wire names of <see cref="Channel"/>, for keys, logs and routes.</summary>
public static class ChannelNames
{
    public static string ToWireName(this Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "sms",
        Channel.Push => "push",
        Channel.WebPush => "webpush",
        Channel.InApp => "inapp",
        Channel.Webhook => "webhook",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    public static bool TryParse(string? name, out Channel channel)
    {
        foreach (var candidate in Enum.GetValues<Channel>())
        {
            if (string.Equals(candidate.ToWireName(), name, StringComparison.OrdinalIgnoreCase))
            {
                channel = candidate;
                return true;
            }
        }

        channel = default;
        return false;
    }
}
