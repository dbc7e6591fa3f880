using System.Text.Encodings.Web;

namespace Notifications.Api.Pages.Preferences;

/// <summary>
/// A server-rendered page: plain HTML and a little CSS, no script, so it works in any browser and mail client's
/// web view. The links that lead here carry a token, so pages are never cached nor sent on as a referrer.
/// </summary>
public sealed class HtmlPage(string title, string body, int statusCode = StatusCodes.Status200OK) : IResult
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; color: #1f2937; margin: 0; background: #f9fafb; }
        main { max-width: 46rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
        h1 { font-size: 1.5rem; margin-top: 0; }
        fieldset { border: 1px solid #d1d5db; border-radius: 6px; margin: 1rem 0; padding: 0.75rem 1rem; }
        legend { font-weight: 600; padding: 0 0.25rem; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; color: #4b5563; padding-bottom: 0.5rem; }
        th, td { padding: 0.4rem; text-align: center; border-bottom: 1px solid #e5e7eb; }
        th[scope=row] { text-align: left; font-weight: 500; }
        small { color: #6b7280; font-weight: 400; }
        input[type=checkbox] { width: 1.1rem; height: 1.1rem; }
        .days label { margin-right: 0.6rem; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .status { background: #ecfdf5; border: 1px solid #10b981; padding: 0.5rem 1rem; border-radius: 6px; }
        .errors { background: #fef2f2; border: 1px solid #ef4444; padding: 0.5rem 1rem; border-radius: 6px; }
        button { background: #2563eb; color: #fff; border: 0; border-radius: 6px; padding: 0.6rem 1.2rem; font-size: 1rem; cursor: pointer; }
        button:focus, input:focus, select:focus, a:focus { outline: 3px solid #93c5fd; outline-offset: 2px; }
        """;

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    public static HtmlPage Message(string title, string message, int statusCode) =>
        new(title, $"<h1>{Encode(title)}</h1>\n<p>{Encode(message)}</p>", statusCode);

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        await response.WriteAsync($$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{{Encode(title)}}</title>
            <style>{{Style}}</style>
            </head>
            <body>
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """, context.RequestAborted);
    }
}
