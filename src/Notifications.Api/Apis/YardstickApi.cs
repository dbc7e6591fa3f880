namespace Notifications.Api.Apis;

/// <summary>
/// <c>GET|POST /bench/yardstick</c>: answers <c>202</c> and does nothing else (no authentication, no body, no grain).
/// Mapped only when <c>Notifications:Benchmark:Yardstick</c> is true: the benchmark tool measures it in the same process
/// and run as the real endpoints, so every throughput can be read as a share of what this server does with no work.
/// </summary>
public static class YardstickApi
{
    public const string EnabledKey = "Notifications:Benchmark:Yardstick";

    public static WebApplication MapYardstickApi(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(EnabledKey))
        {
            app.MapMethods("/bench/yardstick", [HttpMethods.Get, HttpMethods.Post], () => TypedResults.StatusCode(StatusCodes.Status202Accepted))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return app;
    }
}
