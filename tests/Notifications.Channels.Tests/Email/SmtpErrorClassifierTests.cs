using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Notifications.Channels.Email;

namespace Notifications.Channels.Tests.Email;

public sealed class SmtpErrorClassifierTests
{
    private static readonly MailboxAddress Recipient = new(string.Empty, "ada@example.test");

    [Theory]
    [InlineData(SmtpStatusCode.MailboxUnavailable)] // 550
    [InlineData(SmtpStatusCode.UserNotLocalTryAlternatePath)] // 551
    [InlineData(SmtpStatusCode.MailboxNameNotAllowed)] // 553
    public void A_recipient_refused_with_5xx_is_a_permanent_failure(SmtpStatusCode status)
    {
        var result = SmtpErrorClassifier.Classify(
            new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, status, Recipient, "5.1.1 no such user"));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains($"{(int)status} 5.1.1 no such user", result.Error);
        Assert.Contains("recipient", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy)] // 450
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.ErrorInProcessing)] // 451
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage)] // 452
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.ErrorInProcessing)]
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable)] // 421
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.TemporaryAuthenticationFailure)] // 454
    public void Any_4xx_answer_is_worth_another_try(SmtpErrorCode error, SmtpStatusCode status)
    {
        var result = SmtpErrorClassifier.Classify(new SmtpCommandException(error, status, "try again later"));

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains($"{(int)status} try again later", result.Error);
    }

    [Fact]
    public void A_refused_message_is_permanent()
    {
        var result = SmtpErrorClassifier.Classify(
            new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "5.7.1 spam"));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("554 5.7.1 spam", result.Error);
    }

    [Fact]
    public void A_refused_sender_is_permanent_and_points_at_the_from_setting()
    {
        var result = SmtpErrorClassifier.Classify(
            new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.7.1 not yours"));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("Notifications:Email:From", result.Error);
    }

    [Theory]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.AuthenticationRequired)] // 530
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.AuthenticationRequired)]
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.AuthenticationInvalidCredentials)] // 535
    public void A_5xx_about_credentials_is_a_configuration_error(SmtpErrorCode error, SmtpStatusCode status)
    {
        var result = SmtpErrorClassifier.Classify(new SmtpCommandException(error, status, "5.7.0 Authentication required"));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith("Email configuration error", result.Error);
        Assert.Contains("Notifications:Email:Smtp:Username", result.Error);
    }

    [Fact]
    public void Refused_credentials_are_a_permanent_configuration_error()
    {
        var result = SmtpErrorClassifier.Classify(new AuthenticationException("535: 5.7.8 Authentication credentials invalid"));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith("Email configuration error", result.Error);
        Assert.Contains("Notifications:Email:Smtp:Password", result.Error);
    }

    [Fact]
    public void A_server_that_insists_on_credentials_is_a_configuration_error()
    {
        var result = SmtpErrorClassifier.Classify(new ServiceNotAuthenticatedException("Authentication required."));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith("Email configuration error", result.Error);
    }

    [Fact]
    public void A_missing_starttls_when_tls_is_required_is_a_configuration_error()
    {
        var result = SmtpErrorClassifier.Classify(new NotSupportedException("The SMTP server does not support the STARTTLS extension."));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("Notifications:Email:Smtp:UseTls", result.Error);
    }

    [Fact]
    public void A_certificate_the_client_cannot_trust_is_a_configuration_error()
    {
        var result = SmtpErrorClassifier.Classify(new SslHandshakeException(
            "certificate", new System.Security.Authentication.AuthenticationException("remote certificate is invalid")));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("Notifications:Email:Smtp:UseTls", result.Error);
    }

    [Fact]
    public void A_connection_that_breaks_during_the_tls_handshake_is_retried()
    {
        var result = SmtpErrorClassifier.Classify(new SslHandshakeException("handshake", new IOException("reset by peer")));

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
    }

    public static TheoryData<Exception> NetworkTrouble => new()
    {
        new SocketException((int)SocketError.ConnectionRefused),
        new SocketException((int)SocketError.HostNotFound),
        new TimeoutException("Operation timed out after 30000 milliseconds"),
        new IOException("Unable to read data from the transport connection", new TimeoutException()),
        new IOException("Connection reset by peer"),
        new SmtpProtocolException("The SMTP server has unexpectedly disconnected."),
        new InvalidOperationException("something nobody planned for"),
    };

    [Theory]
    [MemberData(nameof(NetworkTrouble))]
    public void Network_trouble_and_the_unexpected_are_worth_another_try(Exception exception)
    {
        var result = SmtpErrorClassifier.Classify(exception);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Null(result.RetryAt);
    }

    [Fact]
    public void A_connection_refused_names_the_socket_error()
    {
        var result = SmtpErrorClassifier.Classify(new SocketException((int)SocketError.ConnectionRefused));

        Assert.Contains("ConnectionRefused", result.Error);
    }
}
