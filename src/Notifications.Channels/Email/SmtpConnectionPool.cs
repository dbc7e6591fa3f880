using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Notifications.Channels.Email;

/// <summary>
/// Connected, authenticated SMTP clients shared by concurrent sends. A client is not thread-safe, so each send has one
/// to itself; at most <see cref="SmtpOptions.MaxConnections"/> exist at once, in use or idle.
/// </summary>
internal sealed partial class SmtpConnectionPool(SmtpOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable, IDisposable
{
    /// <summary>Servers drop idle connections; one idle this long is checked with NOOP before it carries a message.</summary>
    internal static readonly TimeSpan CheckAfterIdle = TimeSpan.FromSeconds(15);

    /// <summary>How long closing the pool waits, in all, for servers to answer QUIT.</summary>
    internal static readonly TimeSpan QuitTimeoutOnDispose = TimeSpan.FromSeconds(2);

    private readonly string host = string.IsNullOrWhiteSpace(options.Host)
        ? throw new ArgumentException("An SMTP host is required.", nameof(options))
        : options.Host;

    private readonly SemaphoreSlim slots = new(options.MaxConnections, options.MaxConnections);
    private readonly ConcurrentStack<IdleClient> idle = new();
    private volatile bool disposed;

    /// <summary>Sends over a pooled connection; MailKit's exceptions pass through for the caller to classify.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await slots.WaitAsync(ct);
        SmtpClient? client = null;
        try
        {
            client = await RentAsync(ct);
            await client.SendAsync(message, ct);
        }
        finally
        {
            // Returned (or closed) before the slot is released, so a waiting send never opens a connection too many.
            if (client is not null)
            {
                Return(client);
            }

            slots.Release();
        }
    }

    private async Task<SmtpClient> RentAsync(CancellationToken ct)
    {
        while (idle.TryPop(out var candidate))
        {
            if (candidate.Client.IsConnected && await IsAliveAsync(candidate, ct))
            {
                return candidate.Client;
            }

            LogDroppedStale(logger, host);
            await CloseAsync(candidate.Client);
        }

        return await ConnectAsync(ct);
    }

    private async Task<bool> IsAliveAsync(IdleClient candidate, CancellationToken ct)
    {
        if (time.GetElapsedTime(candidate.IdleSince) < CheckAfterIdle)
        {
            return true;
        }

        try
        {
            await candidate.Client.NoOpAsync(ct);
            return true;
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or IOException or TimeoutException or SocketException)
        {
            return false;
        }
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(options.TimeoutSeconds).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, options.Port, SocketOptionsFor(options.UseTls), ct);
            if (!string.IsNullOrEmpty(options.Username))
            {
                await client.AuthenticateAsync(options.Username, options.Password ?? string.Empty, ct);
            }

            LogConnected(logger, host, options.Port);
            return client;
        }
        catch
        {
            await CloseAsync(client);
            throw;
        }
    }

    private void Return(SmtpClient client)
    {
        // MailKit disconnects itself after anything worse than a refused command, so a connected client is reusable.
        if (disposed || !client.IsConnected)
        {
            client.Dispose();
            return;
        }

        idle.Push(new IdleClient(client, time.GetTimestamp()));
    }

    private static async Task CloseAsync(SmtpClient client)
    {
        if (client.IsConnected)
        {
            // DisconnectAsync swallows I/O and protocol errors while quitting; the client's timeout bounds the wait.
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }

        client.Dispose();
    }

    internal static SecureSocketOptions SocketOptionsFor(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.None => SecureSocketOptions.None,
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        // MailKit's Auto: TLS on connect for port 465, otherwise STARTTLS when the server offers it.
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>
    /// Closes the idle connections, all at once, each with a polite QUIT that may take at most
    /// <see cref="QuitTimeoutOnDispose"/>: a server that stopped answering must not hold a silo's shutdown for a
    /// command timeout per connection. Sends still in progress close their own connection when they end.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        disposed = true;
        using var quitting = new CancellationTokenSource(QuitTimeoutOnDispose);
        var closing = new List<Task>();
        while (idle.TryPop(out var pooled))
        {
            closing.Add(QuitAsync(pooled.Client, quitting.Token));
        }

        await Task.WhenAll(closing);
    }

    public void Dispose()
    {
        disposed = true;
        using var quitting = new CancellationTokenSource(QuitTimeoutOnDispose);
        while (idle.TryPop(out var pooled))
        {
            try
            {
                if (pooled.Client.IsConnected)
                {
                    pooled.Client.Disconnect(quit: true, quitting.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // No answer to QUIT in time: disposing drops the connection.
            }
            finally
            {
                pooled.Client.Dispose();
            }
        }
    }

    private static async Task QuitAsync(SmtpClient client, CancellationToken ct)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // No answer to QUIT in time: disposing drops the connection.
        }
        finally
        {
            client.Dispose();
        }
    }

    private sealed record IdleClient(SmtpClient Client, long IdleSince);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connected to the SMTP server {Host}:{Port}")]
    private static partial void LogConnected(ILogger logger, string host, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a stale connection to the SMTP server {Host}; reconnecting")]
    private static partial void LogDroppedStale(ILogger logger, string host);
}
