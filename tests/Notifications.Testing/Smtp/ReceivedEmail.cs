using MimeKit;

namespace Notifications.Testing.Smtp;

/// <summary>One message the <see cref="SmtpSink"/> accepted: the SMTP envelope, the bytes as sent and the parsed message.</summary>
/// <param name="EnvelopeFrom">The MAIL FROM address.</param>
/// <param name="Recipients">The accepted RCPT TO addresses.</param>
/// <param name="RawMime">The message data after dot-unstuffing, as UTF-8 text.</param>
/// <param name="Message">The same data parsed by MimeKit.</param>
/// <param name="Connection">Which connection carried it, numbered from 1 in the order they were accepted.</param>
/// <param name="AuthenticatedAs">The user name the client authenticated with, if it did.</param>
public sealed record ReceivedEmail(
    string EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    string RawMime,
    MimeMessage Message,
    int Connection,
    string? AuthenticatedAs);
