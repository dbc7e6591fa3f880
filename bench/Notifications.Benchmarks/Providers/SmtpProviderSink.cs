using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Notifications.Benchmarks.Providers;

/// <summary>
/// The provider end of the email channel: an SMTP server on 127.0.0.1 that accepts everything, keeps no message, and
/// notes when each notification's message ended (its <c>X-Notification-Id</c> header). It advertises PIPELINING, as a
/// real relay does, and answers a whole pipelined batch in one write.
/// </summary>
public sealed class SmtpProviderSink : IProviderSink, IAsyncDisposable
{
    private const int MaxLineBuffer = 1 << 20;

    private static readonly byte[] Greeting = "220 sink.bench ESMTP\r\n"u8.ToArray();
    private static readonly byte[] EhloReply = "250-sink.bench\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n"u8.ToArray();
    private static readonly byte[] Ok = "250 OK\r\n"u8.ToArray();
    private static readonly byte[] StartData = "354 End data with <CR><LF>.<CR><LF>\r\n"u8.ToArray();
    private static readonly byte[] Queued = "250 OK queued\r\n"u8.ToArray();
    private static readonly byte[] Bye = "221 Bye\r\n"u8.ToArray();
    private static readonly byte[] Unknown = "500 Unknown command\r\n"u8.ToArray();
    private static readonly byte[] IdHeader = "X-Notification-Id:"u8.ToArray();

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, long> receivedAt = new(StringComparer.Ordinal);
    private readonly Task accepting;
    private int messages;
    private int withoutId;

    private SmtpProviderSink()
    {
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 512);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync(stopping.Token);
    }

    public static SmtpProviderSink Start() => new();

    public int Port { get; }

    public int Delivered => receivedAt.Count;

    /// <summary>Every message, duplicates and messages without a notification id included.</summary>
    public int Messages => Volatile.Read(ref messages);

    public int MessagesWithoutId => Volatile.Read(ref withoutId);

    /// <summary>When the DATA of the notification's first message ended.</summary>
    public bool TryGetReceivedAt(string notificationId, out long timestamp) => receivedAt.TryGetValue(notificationId, out timestamp);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        var sessions = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(ct);
                socket.NoDelay = true;
                sessions.RemoveAll(session => session.IsCompleted);
                sessions.Add(ServeAsync(socket, ct));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        using var connection = socket;
        var buffer = new byte[64 * 1024];
        var replies = new ArrayBufferWriter<byte>(1024);
        var session = new Session();
        var filled = 0;
        try
        {
            await socket.SendAsync(Greeting, ct);
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxLineBuffer)
                    {
                        return;
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), ct);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var consumed = 0;
                var open = true;
                while (open)
                {
                    var newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    var line = buffer.AsSpan(consumed, newline);
                    consumed += newline + 1;
                    open = Handle(line.EndsWith("\r"u8) ? line[..^1] : line, session, replies);
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (replies.WrittenCount > 0)
                {
                    await socket.SendAsync(replies.WrittenMemory, ct);
                    replies.ResetWrittenCount();
                }

                if (!open)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client hung up, or the sink is stopping.
        }
    }

    /// <summary>Handles one line; false when the client said QUIT.</summary>
    private bool Handle(ReadOnlySpan<byte> line, Session session, ArrayBufferWriter<byte> replies)
    {
        if (session.InData)
        {
            if (line.SequenceEqual("."u8))
            {
                session.InData = false;
                Record(session.NotificationId);
                replies.Write(Queued);
            }
            else if (session.InHeaders)
            {
                if (line.IsEmpty)
                {
                    session.InHeaders = false;
                }
                else if (line.Length > IdHeader.Length && Ascii.EqualsIgnoreCase(line[..IdHeader.Length], IdHeader))
                {
                    session.NotificationId = Encoding.ASCII.GetString(line[IdHeader.Length..].Trim(" \t"u8));
                }
            }

            return true;
        }

        var verb = line.Length >= 4 ? line[..4] : line;
        if (Ascii.EqualsIgnoreCase(verb, "EHLO"u8))
        {
            replies.Write(EhloReply);
        }
        else if (Ascii.EqualsIgnoreCase(verb, "DATA"u8))
        {
            session.InData = true;
            session.InHeaders = true;
            session.NotificationId = null;
            replies.Write(StartData);
        }
        else if (Ascii.EqualsIgnoreCase(verb, "QUIT"u8))
        {
            replies.Write(Bye);
            return false;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "HELO"u8) || Ascii.EqualsIgnoreCase(verb, "MAIL"u8) || Ascii.EqualsIgnoreCase(verb, "RCPT"u8)
            || Ascii.EqualsIgnoreCase(verb, "RSET"u8) || Ascii.EqualsIgnoreCase(verb, "NOOP"u8))
        {
            replies.Write(Ok);
        }
        else
        {
            replies.Write(Unknown);
        }

        return true;
    }

    private void Record(string? notificationId)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref messages);
        if (notificationId is null)
        {
            Interlocked.Increment(ref withoutId);
            return;
        }

        receivedAt.TryAdd(notificationId, now);
    }

    private sealed class Session
    {
        public bool InData { get; set; }

        public bool InHeaders { get; set; }

        public string? NotificationId { get; set; }
    }
}
