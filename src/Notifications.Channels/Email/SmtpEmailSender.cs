using Microsoft.Extensions.Logging;
using MimeKit;

namespace Notifications.Channels.Email;

/// <summary>Sends email through an SMTP server over a small pool of connections (MailKit).</summary>
public sealed partial class SmtpEmailSender(
    EmailOptions options, EmailMessageFactory messages, TimeProvider time, ILogger<SmtpEmailSender> logger)
    : IChannelSender, IAsyncDisposable, IDisposable
{
    private readonly SmtpConnectionPool pool = new(options.Smtp, time, logger);

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        MimeMessage mime;
        try
        {
            mime = messages.Create(message, message.Headers);
        }
        catch (FormatException invalid)
        {
            return DeliveryResult.Permanent(invalid.Message);
        }

        // A message holds its body parts' streams until disposed; nothing needs it once the server has it.
        using var sent = mime;
        try
        {
            await pool.SendAsync(mime, ct);
            return DeliveryResult.Sent(mime.MessageId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var result = SmtpErrorClassifier.Classify(exception);
            LogNotSent(logger, exception, message.NotificationId, result.Outcome);
            return result;
        }
    }

    public ValueTask DisposeAsync() => pool.DisposeAsync();

    public void Dispose() => pool.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Email for notification {NotificationId} not sent: {Outcome}")]
    private static partial void LogNotSent(ILogger logger, Exception exception, string notificationId, DeliveryOutcome outcome);
}
