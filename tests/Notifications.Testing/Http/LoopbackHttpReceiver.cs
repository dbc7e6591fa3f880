using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Notifications.Testing.Peers;

namespace Notifications.Testing.Http;

/// <summary>
/// A small HTTP server on 127.0.0.1 (HttpListener) that records every request and answers what the test decides:
/// a stand-in for a webhook or callback receiver.
/// </summary>
public sealed class LoopbackHttpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedHttpRequest> received = new();
    private readonly Task loop;
    private volatile Func<ReceivedHttpRequest, ReceiverAnswer> answer = _ => new ReceiverAnswer(200);

    private LoopbackHttpReceiver(int port)
    {
        Port = port;
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = ServeAsync();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedHttpRequest> Requests => [.. received];

    public static LoopbackHttpReceiver Start() => new(NodePeers.FreePort());

    /// <summary>Decides the answer to every following request.</summary>
    public void AnswerWith(Func<ReceivedHttpRequest, ReceiverAnswer> decide) => answer = decide;

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var headers = context.Request.Headers.AllKeys
                .Where(name => name is not null)
                .ToDictionary(name => name!, name => context.Request.Headers[name]!, StringComparer.OrdinalIgnoreCase);
            var request = new ReceivedHttpRequest(
                context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, await reader.ReadToEndAsync());
            received.Enqueue(request);

            var reply = answer(request);
            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            var body = Encoding.UTF8.GetBytes(reply.Body ?? string.Empty);
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedHttpRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>What the receiver answers.</summary>
public sealed record ReceiverAnswer(int Status, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null);
