using System.Collections.Frozen;

namespace Notifications.Api.Pages.Inbox;

/// <summary>
/// <c>/demo/inbox</c>: a static page that shows one user's inbox updating live, given a subscriber token in the URL
/// fragment. It needs no key of its own; its script calls the inbox API with the token. Served from embedded files.
/// </summary>
public static class InboxDemoPage
{
    public const string Path = "/demo/inbox";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (string ContentType, byte[] Content)> Files = new Dictionary<string, (string, byte[])>
    {
        [Path] = ("text/html; charset=utf-8", Load("inbox.html")),
        [$"{Path}/inbox.js"] = ("text/javascript; charset=utf-8", Load("inbox.js")),
        [$"{Path}/inbox.css"] = ("text/css; charset=utf-8", Load("inbox.css")),
    }.ToFrozenDictionary();

    public static IEndpointRouteBuilder MapInboxDemoPage(this IEndpointRouteBuilder routes)
    {
        foreach (var (path, (contentType, content)) in Files)
        {
            routes.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                context.Response.Headers["Referrer-Policy"] = "no-referrer";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.Bytes(content, contentType);
            }).AllowAnonymous().ExcludeFromDescription();
        }

        return routes;
    }

    private static byte[] Load(string name)
    {
        using var resource = typeof(InboxDemoPage).Assembly.GetManifestResourceStream($"inbox-demo/{name}")
            ?? throw new InvalidOperationException($"The inbox demo file '{name}' is not embedded in the API assembly.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }
}
