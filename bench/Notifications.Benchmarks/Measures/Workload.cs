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

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static HttpRequestMessage Yardstick(string userPrefix, int index, int users) =>
        Post("/bench/yardstick", NotificationBody(userPrefix, index, users));

    /// <summary>Notification <paramref name="index"/>, to user <c>{prefix}-{index mod users}</c>, by email only.</summary>
    public static HttpRequestMessage SendNotification(string userPrefix, int index, int users) =>
        Post("/api/v1/notifications", NotificationBody(userPrefix, index, users));

    public static HttpRequestMessage PutUser(string userId) => new(HttpMethod.Put, $"/api/v1/users/{userId}")
    {
        Content = Body($$"""{"name":"Bench User {{userId}}","email":"{{userId}}@bench.test","locale":"en"}"""),
    };

    public static string UserId(string prefix, int index) => $"{prefix}-{index}";

    private static string NotificationBody(string userPrefix, int index, int users) =>
        $$$"""{"userId":"{{{UserId(userPrefix, index % users)}}}","type":"{{{NotificationType}}}","channels":["email"],"data":{"plan":"Pro","order":{{{index}}}}}""";

    private static HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path) { Content = Body(body) };

    private static ByteArrayContent Body(string json) => new(Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = Json } };
}
