using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Testing.Smtp;

/// <summary>
/// A small, real SMTP server on 127.0.0.1 and a free port. It records every message it accepts and lets a test script
/// its answers: reject a recipient (550 or 451), reject message data, require credentials, or stop answering.
/// Several connections are served at once and counted, so a test can check a client's connection pool.
/// </summary>
/// <example>
/// <code>
/// await using var sink = SmtpSink.Start();
/// sink.RejectRecipient("bad@x.test", 550, "5.1.1 no such user");
/// // send to sink.Host:sink.Port ...
/// var received = await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
/// </code>
/// </example>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, SmtpReply> recipientReplies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> commandCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<int, SmtpSinkSession> sessions = new();
    private readonly Lock gate = new();
    private readonly List<ReceivedEmail> messages = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> waiters = [];
    private readonly Task acceptLoop;
    private int openConnections;
    private int maxConcurrentConnections;
    private int totalConnections;
    private volatile SmtpReply? dataReply;
    private volatile bool silent;

    private SmtpSink(string serverName)
    {
        ServerName = serverName;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = AcceptAsync(stopping.Token);
    }

    /// <summary>Starts listening on 127.0.0.1 and a port the operating system picks.</summary>
    public static SmtpSink Start(string serverName = "sink.test") => new(serverName);

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string ServerName { get; }

    /// <summary>The credentials clients must give (AUTH PLAIN or LOGIN) before MAIL FROM; null when none are needed.</summary>
    internal (string User, string Password)? RequiredCredentials { get; private set; }

    internal bool IsSilent => silent;

    internal SmtpReply? DataReply => dataReply;

    public IReadOnlyList<ReceivedEmail> Messages
    {
        get
        {
            lock (gate)
            {
                return [.. messages];
            }
        }
    }

    public int OpenConnections => Volatile.Read(ref openConnections);

    /// <summary>The most connections that were open at the same moment.</summary>
    public int MaxConcurrentConnections => Volatile.Read(ref maxConcurrentConnections);

    /// <summary>How many connections were accepted in all.</summary>
    public int TotalConnections => Volatile.Read(ref totalConnections);

    /// <summary>How many times a command verb (NOOP, RSET, MAIL...) was received, on any connection.</summary>
    public int CommandCount(string verb) => commandCounts.GetValueOrDefault(verb);

    /// <summary>Answers RCPT TO for this address with the given code: 5xx for a permanent, 4xx for a temporary refusal.</summary>
    public void RejectRecipient(string address, int code, string text) =>
        recipientReplies[address] = new SmtpReply(code, text);

    public void AcceptRecipient(string address) => recipientReplies.TryRemove(address, out _);

    /// <summary>Answers the end of every message's data with this refusal instead of accepting it; null accepts again.</summary>
    public void RejectMessages(int code, string text) => dataReply = new SmtpReply(code, text);

    public void AcceptMessages() => dataReply = null;

    /// <summary>Advertises AUTH PLAIN and LOGIN, accepts only these credentials and refuses mail until they are given.</summary>
    public void RequireAuthentication(string user, string password) => RequiredCredentials = (user, password);

    /// <summary>From now on nothing is answered, not even the greeting: clients run into their timeouts.</summary>
    public void StopResponding() => silent = true;

    /// <summary>Closes every open connection from the server side, as a restarting or idle-timing-out server would.</summary>
    public void DropConnections()
    {
        foreach (var session in sessions.Values)
        {
            session.Abort();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted, and returns all received so far.</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForMessagesAsync(int count, TimeSpan timeout, CancellationToken ct = default)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            if (messages.Count >= count)
            {
                return [.. messages];
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {count} message(s) within {timeout}, the sink received {Messages.Count}.");
        }

        return Messages;
    }

    internal void Record(ReceivedEmail email)
    {
        List<TaskCompletionSource> satisfied;
        lock (gate)
        {
            messages.Add(email);
            satisfied = [.. waiters.Where(waiter => messages.Count >= waiter.Count).Select(waiter => waiter.Signal)];
            waiters.RemoveAll(waiter => messages.Count >= waiter.Count);
        }

        satisfied.ForEach(signal => signal.TrySetResult());
    }

    internal SmtpReply? ReplyForRecipient(string address) => recipientReplies.GetValueOrDefault(address);

    internal void Count(string verb) => commandCounts.AddOrUpdate(verb, 1, (_, count) => count + 1);

    private async Task AcceptAsync(CancellationToken ct)
    {
        var sessionTasks = new List<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(ct);
                sessionTasks.RemoveAll(task => task.IsCompleted);
                sessionTasks.Add(ServeAsync(socket, ct));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(sessionTasks);
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        var number = Interlocked.Increment(ref totalConnections);
        var open = Interlocked.Increment(ref openConnections);
        int max;
        while (open > (max = Volatile.Read(ref maxConcurrentConnections))
            && Interlocked.CompareExchange(ref maxConcurrentConnections, open, max) != max)
        {
        }

        var session = new SmtpSinkSession(this, socket, number);
        sessions[number] = session;
        try
        {
            await session.RunAsync(ct);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException
            or ObjectDisposedException or InvalidDataException)
        {
            // The client went away, the test dropped the connection, or the sink is stopping.
        }
        finally
        {
            sessions.TryRemove(number, out _);
            session.Abort();
            Interlocked.Decrement(ref openConnections);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        DropConnections();
        await acceptLoop;
        stopping.Dispose();
    }
}
