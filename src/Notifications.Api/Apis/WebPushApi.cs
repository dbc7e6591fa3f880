using Notifications.Api.Http;
using Notifications.Channels.WebPush;

namespace Notifications.Api.Apis;

/// <summary><c>/api/v1/webpush</c>: what a browser needs to subscribe. No auth: the key is public by design.</summary>
public static class WebPushApi
{
    public static RouteGroupBuilder MapWebPushApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/webpush").WithTags("Web push");
        group.MapGet("/vapid-public-key", GetPublicKey).AllowAnonymous()
            .Produces<VapidPublicKey>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>
    /// The embedded hosting holds the keys in this process; a cluster API reads the public half from configuration.
    /// </summary>
    private static IResult GetPublicKey(IServiceProvider services, IConfiguration configuration)
    {
        var publicKey = services.GetService<VapidKeys>()?.PublicKey ?? configuration["Notifications:WebPush:PublicKey"];
        return string.IsNullOrEmpty(publicKey)
            ? Problems.NotFound("webpush", "is not configured: set Notifications:WebPush:Subject, PublicKey and PrivateKey")
            : TypedResults.Ok(new VapidPublicKey(publicKey));
    }
}

/// <summary>The application server key for <c>PushManager.subscribe</c>: base64url of the 65-byte P-256 point.</summary>
public sealed record VapidPublicKey(string PublicKey);
