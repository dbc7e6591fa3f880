using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Notifications.Api.Http;

/// <summary>
/// Writes Server-Sent Events (<c>text/event-stream</c>): named events whose data is one line of JSON, and comments
/// (which clients ignore, and which keep proxies from closing an idle connection). Each write is flushed at once.
/// </summary>
public sealed class ServerSentEventWriter(Stream body)
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] End = "\n\n"u8.ToArray();

    /// <summary>Sets the headers of an event stream and turns off response buffering.</summary>
    public static ServerSentEventWriter Start(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        return new ServerSentEventWriter(response.Body);
    }

    /// <summary>Writes <c>event: {name}</c> with <paramref name="json"/> as its data; JSON without indentation has no line breaks.</summary>
    public async Task WriteEventAsync(string name, ReadOnlyMemory<byte> json, CancellationToken ct)
    {
        await body.WriteAsync(EventPrefix, ct);
        await body.WriteAsync(Encoding.UTF8.GetBytes(name), ct);
        await body.WriteAsync(DataPrefix, ct);
        await body.WriteAsync(json, ct);
        await body.WriteAsync(End, ct);
        await body.FlushAsync(ct);
    }

    public async Task WriteCommentAsync(string comment, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes($": {comment}\n\n"), ct);
        await body.FlushAsync(ct);
    }
}
