using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Notifications.Benchmarks.Measures;

/// <summary>
/// The requests the benchmark sends. The yardstick gets the same body as a notification, so the client and the wire do
/// the same work for both and the difference is what the server does.
/// </summary>
public static class Workload
{
    public const string NotificationType = "welcome";

    /// <summary>The channel whose provider is HTTP (Twilio's API, faked on loopback).</summary>
    public const string Sms = "sms";

    public const string Email = "email";

    /// <summary>The priorities the lanes phase sends with (the <c>welcome</c> type's default is standard).</summary>
    public const string Bulk = "bulk";

    public const string Critical = "critical";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static HttpRequestMessage Yardstick(string userPrefix, int index, int users) =>
        Post("/bench/yardstick", NotificationBody(userPrefix, index, users, Sms, null, null));

    /// <summary>Notification <paramref name="index"/>, to user <c>{prefix}-{index mod users}</c>, on one channel only.</summary>
    public static HttpRequestMessage SendNotification(string userPrefix, int index, int users, string channel) =>
        Post("/api/v1/notifications", NotificationBody(userPrefix, index, users, channel, null, null));

    /// <summary>The same, with a <c>priority</c> and a <c>scheduleAt</c> instant when given.</summary>
    public static HttpRequestMessage SendNotification(string userPrefix, int index, int users, string channel, string? priority, DateTimeOffset? scheduleAt) =>
        Post("/api/v1/notifications", NotificationBody(userPrefix, index, users, channel, priority, scheduleAt));

    /// <summary>
    /// A render with nothing sent or stored: the <c>welcome</c> email (subject, text and HTML) with this request's data,
    /// for no user in particular, so no user grain is called.
    /// </summary>
    public static HttpRequestMessage PreviewTemplate(int index) =>
        Post($"/api/v1/templates/{NotificationType}/preview", $$$"""{"channel":"{{{Email}}}","locale":"en","data":{"plan":"Pro","order":{{{index}}}}}""");

    /// <summary>A user with an email address and a phone number, so either channel reaches them.</summary>
    public static HttpRequestMessage PutUser(string userPrefix, int index) => new(HttpMethod.Put, $"/api/v1/users/{UserId(userPrefix, index)}")
    {
        Content = Body($$"""{"name":"Bench User {{index}}","email":"{{UserId(userPrefix, index)}}@bench.test","phone":"+1555{{index % 10_000_000:D7}}","locale":"en"}"""),
    };

    public static string UserId(string prefix, int index) => $"{prefix}-{index}";

    private static string NotificationBody(string userPrefix, int index, int users, string channel, string? priority, DateTimeOffset? scheduleAt)
    {
        var options = (priority is null ? string.Empty : $",\"priority\":\"{priority}\"")
            + (scheduleAt is { } at ? $",\"scheduleAt\":\"{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}\"" : string.Empty);
        return $$$"""{"userId":"{{{UserId(userPrefix, index % users)}}}","type":"{{{NotificationType}}}","channels":["{{{channel}}}"],"data":{"plan":"Pro","order":{{{index}}}}{{{options}}}}""";
    }

    private static HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path) { Content = Body(body) };

    private static ByteArrayContent Body(string json) => new(Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = Json } };
}
