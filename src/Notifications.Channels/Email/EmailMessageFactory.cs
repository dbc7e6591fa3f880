using System.Collections.Frozen;
using System.Globalization;
using MimeKit;

namespace Notifications.Channels.Email;

/// <summary>Builds the MIME message for one outbound email; every email sender sends what this returns.</summary>
public sealed class EmailMessageFactory(EmailOptions options, TimeProvider time)
{
    public const string NotificationIdHeader = "X-Notification-Id";

    // Headers this factory owns: extra headers may add to a message, never re-address or re-identify it.
    private static readonly FrozenSet<string> ReservedHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Return-Path", "Received",
        "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc", "Resent-Bcc", NotificationIdHeader);

    // Control characters other than tab: CR or LF in a header value would start a new header.
    private static readonly char[] LineBreakingCharacters =
        [.. Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c), '\u007f', '\u0085', '\u2028', '\u2029'];

    private readonly MailboxAddress from = ParseSender(options.From);

    /// <summary>
    /// Builds the message for <paramref name="message"/>. <paramref name="extraHeaders"/> is where features that add
    /// headers (List-Unsubscribe, for one) plug in; values are forced onto one line.
    /// </summary>
    /// <exception cref="FormatException">The recipient address is not a single valid email address.</exception>
    /// <exception cref="ArgumentException">An extra header would replace one this factory sets.</exception>
    public MimeMessage Create(OutboundMessage message, IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        var mime = new MimeMessage
        {
            Subject = SingleLine(message.Content.Subject),
            Date = time.GetUtcNow(),
            MessageId = MessageIdFor(message),
        };
        mime.From.Add(from);
        mime.To.Add(ParseRecipient(message.Address));
        mime.Headers.Add(NotificationIdHeader, SingleLine(message.NotificationId));

        foreach (var (name, value) in extraHeaders ?? FrozenDictionary<string, string>.Empty)
        {
            if (ReservedHeaders.Contains(name))
            {
                throw new ArgumentException($"The header '{name}' is set by the email channel itself.", nameof(extraHeaders));
            }

            mime.Headers.Add(name, SingleLine(value));
        }

        // BodyBuilder makes multipart/alternative only when both parts exist, and a lone part otherwise.
        mime.Body = new BodyBuilder { TextBody = message.Content.Text, HtmlBody = message.Content.Html }.ToMessageBody();
        return mime;
    }

    /// <summary>
    /// The same for every attempt of a notification, so a receiving system can drop a retried duplicate. The tenant is
    /// part of it because notification ids are only unique within a tenant.
    /// </summary>
    private string MessageIdFor(OutboundMessage message) =>
        $"{MailIdentifiers.Token(message.NotificationId)}.{MailIdentifiers.Token(message.Tenant)}@{AsciiDomain(from.Domain)}";

    internal static MailboxAddress ParseSender(string text)
    {
        if (!MailboxAddress.TryParse(text, out var mailbox) || string.IsNullOrEmpty(mailbox.Domain))
        {
            throw new FormatException($"'{text}' is not a valid sender address (expected 'name@domain' or 'Name <name@domain>').");
        }

        return mailbox;
    }

    private static MailboxAddress ParseRecipient(string text)
    {
        if (text.Any(char.IsControl) || !MailboxAddress.TryParse(text, out var mailbox) || string.IsNullOrEmpty(mailbox.Domain))
        {
            throw new FormatException("The recipient is not a single valid email address.");
        }

        // Only the address: a display name in stored contact data must not end up in the To header.
        return new MailboxAddress(string.Empty, mailbox.Address);
    }

    private static string AsciiDomain(string domain) =>
        domain.All(char.IsAscii) ? domain : new IdnMapping().GetAscii(domain);

    private static string SingleLine(string? value) =>
        string.IsNullOrEmpty(value)
            ? string.Empty
            : string.Join(' ', value.Split(LineBreakingCharacters, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
