using MimeKit;

namespace Notifications.Channels.Email;

/// <summary>
/// Writes each email as <c>{notificationId}.eml</c> into a folder instead of sending it: the default when no SMTP host is
/// configured, so the product runs with nothing installed and a developer can open what would have been sent.
/// </summary>
public sealed class PickupDirectoryEmailSender(string directory, EmailMessageFactory messages) : IChannelSender
{
    /// <summary>The absolute path of the pickup folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

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

        // What a relay without 8BITMIME would receive: a file any mail tool can open.
        mime.Prepare(EncodingConstraint.SevenBit);

        var name = MailIdentifiers.Token(message.NotificationId);
        var target = Path.Combine(Directory, name + ".eml");
        var temporary = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
            {
                await mime.WriteToAsync(file, ct);
                file.Flush(flushToDisk: true);
            }

            // A reader of the folder sees a whole file or none; a retried attempt replaces the earlier copy.
            File.Move(temporary, target, overwrite: true);
            return DeliveryResult.Sent(mime.MessageId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            return DeliveryResult.RetryLater($"Cannot write to the email pickup directory: {exception.Message}");
        }
        catch (OperationCanceledException)
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for an operator: a stray .tmp file is harmless and never read as a message.
        }
    }
}
