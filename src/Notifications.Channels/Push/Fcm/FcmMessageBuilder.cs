using System.Text.Json.Nodes;

namespace Notifications.Channels.Push.Fcm;

/// <summary>Builds the body of <c>messages:send</c> for one device token.</summary>
public static class FcmMessageBuilder
{
    /// <summary>The data key that carries our notification id to the app, unless the template set it.</summary>
    public const string NotificationIdKey = "notificationId";

    public static JsonObject Build(string deviceToken, OutboundMessage message)
    {
        var content = message.Content;
        var fcmMessage = new JsonObject { ["token"] = deviceToken };
        if (content.Title is not null || content.Body is not null)
        {
            var notification = new JsonObject();
            AddIfSet(notification, "title", content.Title);
            AddIfSet(notification, "body", content.Body);
            fcmMessage["notification"] = notification;
        }

        var data = new JsonObject();
        foreach (var (key, value) in content.Data ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        if (!data.ContainsKey(NotificationIdKey))
        {
            data[NotificationIdKey] = message.NotificationId;
        }

        fcmMessage["data"] = data;

        // Visible notifications go out at high priority unless they are bulk, which may wait for the device to wake.
        var urgent = message.Priority != Priority.Bulk;
        fcmMessage["android"] = new JsonObject { ["priority"] = urgent ? "high" : "normal" };
        fcmMessage["apns"] = new JsonObject
        {
            ["headers"] = new JsonObject { ["apns-priority"] = urgent ? "10" : "5" },
        };
        return new JsonObject { ["message"] = fcmMessage };
    }

    private static void AddIfSet(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
