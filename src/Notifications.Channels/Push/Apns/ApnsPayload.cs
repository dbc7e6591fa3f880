using System.Text.Json.Nodes;

namespace Notifications.Channels.Push.Apns;

/// <summary>The JSON payload of an APNs notification: <c>aps</c> and the data as custom keys beside it.</summary>
public static class ApnsPayload
{
    public const int MaxBytes = 4096;

    /// <summary>The custom key that carries our notification id to the app, unless the template set it.</summary>
    public const string NotificationIdKey = "notificationId";

    /// <summary>True when the message shows an alert; false for a silent, background (content-available) push.</summary>
    public static bool IsAlert(OutboundMessage message) => message.Content.Title is not null || message.Content.Body is not null;

    public static JsonObject Build(OutboundMessage message)
    {
        var content = message.Content;
        JsonObject aps;
        if (IsAlert(message))
        {
            var alert = new JsonObject();
            if (content.Title is not null)
            {
                alert["title"] = content.Title;
            }

            if (content.Body is not null)
            {
                alert["body"] = content.Body;
            }

            aps = new JsonObject { ["alert"] = alert, ["sound"] = "default" };
        }
        else
        {
            aps = new JsonObject { ["content-available"] = 1 };
        }

        var payload = new JsonObject { ["aps"] = aps };
        foreach (var (key, value) in content.Data ?? new Dictionary<string, string>())
        {
            if (key != "aps")
            {
                payload[key] = value;
            }
        }

        if (!payload.ContainsKey(NotificationIdKey))
        {
            payload[NotificationIdKey] = message.NotificationId;
        }

        return payload;
    }
}
