using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime.Messaging;

namespace Notifications.Api.Health;

/// <summary>
/// Cluster hosting: while no silo can be reached, API calls answer <c>503</c> with <c>Retry-After</c> (problem+json)
/// instead of failing with a 500, both before the client first connected and when a grain call finds no silo.
/// </summary>
public sealed class ClusterUnavailable(ClusterConnection connection, IProblemDetailsService problems) : IExceptionHandler, IStartupFilter
{
    private const string RetryAfterSeconds = "5";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!connection.IsConnected && context.Request.Path.StartsWithSegments("/api"))
            {
                await WriteAsync(context, null);
                return;
            }

            await nextMiddleware(context);
        });
        next(app);
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or GatewayTooBusyException))
        {
            return false;
        }

        await WriteAsync(httpContext, exception);
        return true;
    }

    private async Task WriteAsync(HttpContext context, Exception? exception)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The notification cluster is not reachable",
                Detail = "No silo answers right now; nothing was accepted. Try again shortly.",
            },
        });
    }
}
