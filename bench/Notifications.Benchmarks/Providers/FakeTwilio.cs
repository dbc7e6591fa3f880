using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Benchmarks.Providers;

/// <summary>
/// A fake HTTP provider: Twilio's Messages API on 127.0.0.1, answering every send with <c>201</c> and a message sid, as
/// the real one does. The notification is named by the <c>StatusCallback</c> URL the product adds to every send
/// (<c>?notification={tenant}/{id}</c>); nothing ever calls that URL back.
/// </summary>
public sealed class FakeTwilio : IProviderSink, IAsyncDisposable
{
    public const string AccountSid = "ACbench00000000000000000000000000";
    public const string AuthToken = "bench-token";
    public const string From = "+15550000000";

    private readonly ConcurrentDictionary<string, long> receivedAt = new(StringComparer.Ordinal);
    private readonly WebApplication app;
    private long messages;

    private FakeTwilio(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Where the product is told to send status callbacks; only its query matters.</summary>
    public Uri StatusCallbackUrl => new(BaseUrl, "/status-callback");

    public int Delivered => receivedAt.Count;

    public long Messages => Interlocked.Read(ref messages);

    public static async Task<FakeTwilio> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeTwilio? fake = null;
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", (HttpRequest request) => fake!.ReceiveAsync(request));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeTwilio(app, new Uri(address));
        return fake;
    }

    public bool TryGetReceivedAt(string notificationId, out long timestamp) => receivedAt.TryGetValue(notificationId, out timestamp);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var arrived = Stopwatch.GetTimestamp();
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var number = Interlocked.Increment(ref messages);
        if (NotificationIdOf(form["StatusCallback"].ToString()) is { } id)
        {
            receivedAt.TryAdd(id, arrived);
        }

        return Results.Json(new { sid = $"SM{number:x32}", status = "queued" }, statusCode: StatusCodes.Status201Created);
    }

    private static string? NotificationIdOf(string callback)
    {
        var query = callback.IndexOf('?', StringComparison.Ordinal);
        if (query < 0 || !QueryHelpers.ParseQuery(callback[query..]).TryGetValue("notification", out var key))
        {
            return null;
        }

        // The key is "{tenant}/{id}".
        var text = key.ToString();
        return text[(text.LastIndexOf('/') + 1)..];
    }
}
