using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Notifications.Channels.Email;

/// <summary>
/// Maps what MailKit throws to a <see cref="DeliveryResult"/>: 5xx answers are permanent, 4xx answers and network
/// trouble are worth another try, and a configuration mistake (credentials, TLS) is permanent with a message that
/// names the setting to fix.
/// </summary>
public static class SmtpErrorClassifier
{
    private const string Section = EmailOptions.SectionName + ":Smtp";

    public static DeliveryResult Classify(Exception exception) => exception switch
    {
        SmtpCommandException command => ClassifyCommand(command),
        AuthenticationException => ConfigurationError(
            $"the SMTP server refused the credentials; check {Section}:Username and {Section}:Password"),
        ServiceNotAuthenticatedException => ConfigurationError(
            $"the SMTP server requires authentication; set {Section}:Username and {Section}:Password"),
        SslHandshakeException { InnerException: IOException or SocketException } => DeliveryResult.RetryLater(
            $"The connection to the SMTP server broke during the TLS handshake: {exception.Message}"),
        SslHandshakeException => ConfigurationError(
            $"the TLS handshake with the SMTP server failed (certificate or protocol); check {Section}:UseTls and the server certificate"),
        NotSupportedException => ConfigurationError(
            $"the SMTP server does not support what the settings ask for ({exception.Message}); check {Section}:UseTls and the credentials"),
        TimeoutException => DeliveryResult.RetryLater($"The SMTP server did not answer in time: {exception.Message}"),
        SocketException socket => DeliveryResult.RetryLater($"Cannot reach the SMTP server: {socket.SocketErrorCode}."),
        SmtpProtocolException => DeliveryResult.RetryLater($"The SMTP conversation failed: {exception.Message}"),
        IOException { InnerException: TimeoutException } => DeliveryResult.RetryLater(
            $"The SMTP server did not answer in time: {exception.Message}"),
        IOException => DeliveryResult.RetryLater($"The connection to the SMTP server was lost: {exception.Message}"),
        _ => DeliveryResult.RetryLater($"Unexpected SMTP failure ({exception.GetType().Name}): {exception.Message}"),
    };

    private static DeliveryResult ClassifyCommand(SmtpCommandException exception)
    {
        var code = (int)exception.StatusCode;
        var answer = $"{code} {exception.Message}";

        if (code is >= 400 and < 500)
        {
            return DeliveryResult.RetryLater($"The SMTP server deferred the message: {answer}");
        }

        if (code is < 500 or >= 600)
        {
            return DeliveryResult.RetryLater($"The SMTP server gave an unexpected answer: {answer}");
        }

        if (IsAuthenticationAnswer(exception.StatusCode))
        {
            return ConfigurationError(
                $"the SMTP server refused to relay without valid credentials ({answer}); check {Section}:Username and {Section}:Password");
        }

        return exception.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => DeliveryResult.Permanent($"The recipient was rejected: {answer}"),
            SmtpErrorCode.SenderNotAccepted => DeliveryResult.Permanent(
                $"The sender was rejected: {answer} (check {EmailOptions.SectionName}:From)"),
            SmtpErrorCode.MessageNotAccepted => DeliveryResult.Permanent($"The message was rejected: {answer}"),
            _ => DeliveryResult.Permanent($"The SMTP server refused: {answer}"),
        };
    }

    private static bool IsAuthenticationAnswer(SmtpStatusCode status) => status is
        SmtpStatusCode.AuthenticationRequired or
        SmtpStatusCode.AuthenticationMechanismTooWeak or
        SmtpStatusCode.AuthenticationInvalidCredentials or
        SmtpStatusCode.EncryptionRequiredForAuthenticationMechanism;

    private static DeliveryResult ConfigurationError(string detail) =>
        DeliveryResult.Permanent($"Email configuration error: {detail}.");
}
