using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Notifications.Testing.Smtp;

/// <summary>One SMTP conversation (RFC 5321 server side), enough for MailKit and other real clients.</summary>
internal sealed class SmtpSinkSession(SmtpSink sink, Socket socket, int number)
{
    private readonly NetworkStream stream = new(socket, ownsSocket: true);
    private string? envelopeFrom;
    private readonly List<string> recipients = [];
    private string? authenticatedAs;

    public async Task RunAsync(CancellationToken ct)
    {
        var reader = new SmtpLineReader(stream);
        await ReplyAsync(ct, $"220 {sink.ServerName} ESMTP SmtpSink ready");
        while (await reader.ReadLineAsync(ct) is { } bytes)
        {
            var line = Encoding.UTF8.GetString(bytes);
            var separator = line.IndexOf(' ');
            var verb = (separator < 0 ? line : line[..separator]).ToUpperInvariant();
            var argument = separator < 0 ? string.Empty : line[(separator + 1)..].Trim();
            sink.Count(verb);

            switch (verb)
            {
                case "EHLO":
                    ResetTransaction();
                    await ReplyAsync(ct, [.. Capabilities(argument)]);
                    break;
                case "HELO":
                    ResetTransaction();
                    await ReplyAsync(ct, $"250 {sink.ServerName}");
                    break;
                case "AUTH":
                    await AuthenticateAsync(argument, reader, ct);
                    break;
                case "MAIL":
                    await MailFromAsync(argument, ct);
                    break;
                case "RCPT":
                    await RecipientAsync(argument, ct);
                    break;
                case "DATA":
                    await DataAsync(reader, ct);
                    break;
                case "RSET":
                    ResetTransaction();
                    await ReplyAsync(ct, "250 2.0.0 OK");
                    break;
                case "NOOP":
                    await ReplyAsync(ct, "250 2.0.0 OK");
                    break;
                case "VRFY":
                    await ReplyAsync(ct, "252 2.1.5 Cannot verify, will attempt delivery");
                    break;
                case "QUIT":
                    await ReplyAsync(ct, "221 2.0.0 Bye");
                    return;
                default:
                    await ReplyAsync(ct, "502 5.5.2 Command not implemented");
                    break;
            }
        }
    }

    public void Abort() => socket.Dispose();

    private IEnumerable<string> Capabilities(string clientName)
    {
        yield return $"250-{sink.ServerName} greets {clientName}";
        yield return "250-PIPELINING";
        yield return "250-8BITMIME";
        yield return "250-SMTPUTF8";
        yield return "250-ENHANCEDSTATUSCODES";
        if (sink.RequiredCredentials is not null)
        {
            yield return "250-AUTH PLAIN LOGIN";
        }

        yield return "250 SIZE 52428800";
    }

    private async Task AuthenticateAsync(string argument, SmtpLineReader reader, CancellationToken ct)
    {
        if (sink.RequiredCredentials is not { } required)
        {
            await ReplyAsync(ct, "503 5.5.1 Authentication not enabled");
            return;
        }

        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : string.Empty;
        string? user;
        string? password;
        switch (mechanism)
        {
            case "PLAIN":
                var response = parts.Length > 1 ? parts[1] : await ChallengeAsync(string.Empty, reader, ct);
                var fields = Decode(response)?.Split('\0');
                (user, password) = fields is { Length: 3 } ? (fields[1], fields[2]) : (null, null);
                break;
            case "LOGIN":
                user = Decode(parts.Length > 1 ? parts[1] : await ChallengeAsync("Username:", reader, ct));
                password = Decode(await ChallengeAsync("Password:", reader, ct));
                break;
            default:
                await ReplyAsync(ct, "504 5.5.4 Unrecognized authentication type");
                return;
        }

        if (user == required.User && password == required.Password)
        {
            authenticatedAs = user;
            await ReplyAsync(ct, "235 2.7.0 Authentication successful");
        }
        else
        {
            await ReplyAsync(ct, "535 5.7.8 Authentication credentials invalid");
        }
    }

    private async Task<string> ChallengeAsync(string prompt, SmtpLineReader reader, CancellationToken ct)
    {
        await ReplyAsync(ct, $"334 {Convert.ToBase64String(Encoding.UTF8.GetBytes(prompt))}");
        return await reader.ReadLineAsync(ct) is { } line ? Encoding.UTF8.GetString(line) : string.Empty;
    }

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task MailFromAsync(string argument, CancellationToken ct)
    {
        if (sink.RequiredCredentials is not null && authenticatedAs is null)
        {
            await ReplyAsync(ct, "530 5.7.0 Authentication required");
        }
        else if (envelopeFrom is not null)
        {
            await ReplyAsync(ct, "503 5.5.1 Sender already given");
        }
        else if (PathArgument(argument, "FROM:") is { } sender)
        {
            envelopeFrom = sender;
            await ReplyAsync(ct, "250 2.1.0 Sender OK");
        }
        else
        {
            await ReplyAsync(ct, "501 5.5.4 Syntax: MAIL FROM:<address>");
        }
    }

    private async Task RecipientAsync(string argument, CancellationToken ct)
    {
        if (envelopeFrom is null)
        {
            await ReplyAsync(ct, "503 5.5.1 MAIL FROM first");
        }
        else if (PathArgument(argument, "TO:") is not { Length: > 0 } recipient)
        {
            await ReplyAsync(ct, "501 5.5.4 Syntax: RCPT TO:<address>");
        }
        else if (sink.ReplyForRecipient(recipient) is { } scripted)
        {
            await ReplyAsync(ct, scripted.ToString());
        }
        else
        {
            recipients.Add(recipient);
            await ReplyAsync(ct, "250 2.1.5 Recipient OK");
        }
    }

    private async Task DataAsync(SmtpLineReader reader, CancellationToken ct)
    {
        if (recipients.Count == 0)
        {
            await ReplyAsync(ct, envelopeFrom is null ? "503 5.5.1 MAIL FROM first" : "554 5.5.1 No valid recipients");
            return;
        }

        await ReplyAsync(ct, "354 End data with <CR><LF>.<CR><LF>");
        using var data = new MemoryStream();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line is [(byte)'.'])
            {
                await AcceptDataAsync(data.ToArray(), ct);
                return;
            }

            // Dot-unstuffing (RFC 5321 4.5.2): the client doubled every leading dot.
            data.Write(line is [(byte)'.', ..] ? line.AsSpan(1) : line);
            data.Write("\r\n"u8);
        }
    }

    private async Task AcceptDataAsync(byte[] raw, CancellationToken ct)
    {
        var from = envelopeFrom!;
        var to = recipients.ToArray();
        ResetTransaction();

        if (sink.DataReply is { } refusal)
        {
            await ReplyAsync(ct, refusal.ToString());
            return;
        }

        MimeMessage message;
        try
        {
            message = MimeMessage.Load(new MemoryStream(raw, writable: false), ct);
        }
        catch (FormatException)
        {
            await ReplyAsync(ct, "554 5.6.0 The message could not be parsed");
            return;
        }

        sink.Record(new ReceivedEmail(from, to, Encoding.UTF8.GetString(raw), message, number, authenticatedAs));
        await ReplyAsync(ct, "250 2.0.0 OK: queued");
    }

    private void ResetTransaction()
    {
        envelopeFrom = null;
        recipients.Clear();
    }

    /// <summary>The address in <c>FROM:&lt;a@b&gt; PARAM=...</c>; an empty string for the null sender.</summary>
    private static string? PathArgument(string argument, string keyword)
    {
        if (!argument.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = argument[keyword.Length..].TrimStart();
        var close = path.IndexOf('>');
        return path.StartsWith('<') && close > 0 ? path[1..close] : null;
    }

    private async Task ReplyAsync(CancellationToken ct, params string[] lines)
    {
        if (sink.IsSilent)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(line => line + "\r\n"))), ct);
    }
}
