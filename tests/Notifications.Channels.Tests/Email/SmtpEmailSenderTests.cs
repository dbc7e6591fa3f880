using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Notifications.Channels.Email;
using Notifications.Testing.Smtp;

namespace Notifications.Channels.Tests.Email;

/// <summary>MailKit against a real SMTP server on loopback (<see cref="SmtpSink"/>).</summary>
public sealed class SmtpEmailSenderTests : IAsyncLifetime
{
    private readonly SmtpSink sink = SmtpSink.Start();

    [Fact]
    public async Task Delivers_the_rendered_email_with_its_ids()
    {
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));
        var message = EmailTestData.Message(address: "ada@example.test");

        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, EmailTestData.Patience));
        Assert.Equal("no-reply@acme.test", received.EnvelopeFrom);
        Assert.Equal(["ada@example.test"], received.Recipients);
        var mime = received.Message;
        Assert.Equal("\"Acme\" <no-reply@acme.test>", mime.From.ToString());
        Assert.Equal("ada@example.test", mime.To.ToString());
        Assert.Equal("Your order shipped", mime.Subject);
        Assert.Equal("Order 42 is on its way.", mime.TextBody?.TrimEnd());
        Assert.Equal("<p>Order <b>42</b> is on its way.</p>", mime.HtmlBody?.TrimEnd());
        Assert.Equal($"{message.NotificationId}.acme@acme.test", mime.MessageId);
        Assert.Equal(mime.MessageId, result.ProviderMessageId);
        Assert.Equal(message.NotificationId, mime.Headers["X-Notification-Id"]);
    }

    [Fact]
    public async Task Non_ascii_text_and_leading_dots_arrive_intact()
    {
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));
        const string Text = "Grüße, Ana 👋\n.\n..a line that starts with dots\nend";

        var result = await sender.SendAsync(EmailTestData.Message(subject: "Olá — ação", text: Text, html: null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, EmailTestData.Patience));
        Assert.Equal("Olá — ação", received.Message.Subject);
        Assert.Equal(Text, received.Message.TextBody?.ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public async Task A_line_break_in_the_subject_adds_no_header_and_no_recipient()
    {
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));

        var result = await sender.SendAsync(
            EmailTestData.Message(subject: "Hello\r\nBcc: spy@evil.test"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, EmailTestData.Patience));
        Assert.Equal(["ada@example.test"], received.Recipients);
        Assert.Equal("Hello Bcc: spy@evil.test", received.Message.Subject);
        Assert.Empty(received.Message.Bcc);
        Assert.DoesNotContain("\nBcc:", received.RawMime, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_recipient_refused_with_550_is_a_permanent_failure_and_the_connection_stays_usable()
    {
        sink.RejectRecipient("gone@example.test", 550, "5.1.1 no such user");
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));

        var refused = await sender.SendAsync(EmailTestData.Message(address: "gone@example.test"), CancellationToken.None);
        var next = await sender.SendAsync(EmailTestData.Message(address: "ada@example.test"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, refused.Outcome);
        Assert.Contains("550 5.1.1 no such user", refused.Error);
        Assert.Equal(DeliveryOutcome.Sent, next.Outcome);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, EmailTestData.Patience));
        Assert.Equal(["ada@example.test"], received.Recipients);
        Assert.Equal(1, sink.TotalConnections);
    }

    [Fact]
    public async Task A_recipient_deferred_with_451_is_retried_later()
    {
        sink.RejectRecipient("busy@example.test", 451, "4.3.0 mailbox busy, try again");
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));

        var result = await sender.SendAsync(EmailTestData.Message(address: "busy@example.test"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("451 4.3.0 mailbox busy", result.Error);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task A_message_refused_after_its_data_is_a_permanent_failure()
    {
        sink.RejectMessages(554, "5.7.1 message content rejected");
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));

        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("554 5.7.1 message content rejected", result.Error);
    }

    [Fact]
    public async Task Nothing_listening_on_the_port_is_retried_later()
    {
        var options = EmailTestData.SmtpOptionsFor(sink);
        options.Smtp.Port = UnusedPort();
        await using var sender = EmailTestData.SmtpSender(options);

        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("ConnectionRefused", result.Error);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_retried_after_the_timeout()
    {
        sink.StopResponding();
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink, timeoutSeconds: 1));

        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("did not answer in time", result.Error);
    }

    [Fact]
    public async Task Closing_the_sender_does_not_wait_a_command_timeout_for_a_server_that_stopped_answering()
    {
        var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink, timeoutSeconds: 120));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sender.SendAsync(EmailTestData.Message(), CancellationToken.None)));
        Assert.True(sink.OpenConnections > 0, "The sends left no connection in the pool.");
        sink.StopResponding();

        // A silo's shutdown disposes the sender: with a QUIT per connection waiting for its 120 s timeout, it would hang.
        await sender.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Authenticates_with_the_configured_credentials()
    {
        sink.RequireAuthentication("mailer", "s3cret");
        var options = EmailTestData.SmtpOptionsFor(sink);
        options.Smtp.Username = "mailer";
        options.Smtp.Password = "s3cret";
        await using var sender = EmailTestData.SmtpSender(options);

        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal("mailer", Assert.Single(await sink.WaitForMessagesAsync(1, EmailTestData.Patience)).AuthenticatedAs);
    }

    [Fact]
    public async Task Wrong_credentials_are_a_permanent_configuration_error_that_does_not_show_the_password()
    {
        sink.RequireAuthentication("mailer", "s3cret");
        var options = EmailTestData.SmtpOptionsFor(sink);
        options.Smtp.Username = "mailer";
        options.Smtp.Password = "wrong-password";
        await using var sender = EmailTestData.SmtpSender(options);

        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith("Email configuration error", result.Error);
        Assert.DoesNotContain("wrong-password", result.Error);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task Missing_credentials_for_a_server_that_requires_them_are_a_configuration_error()
    {
        sink.RequireAuthentication("mailer", "s3cret");
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));

        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith("Email configuration error", result.Error);
    }

    [Fact]
    public async Task An_invalid_address_is_a_permanent_failure_without_talking_to_the_server()
    {
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));

        var result = await sender.SendAsync(EmailTestData.Message(address: "ada@example.test, spy@evil.test"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Equal(0, sink.TotalConnections);
    }

    [Fact]
    public async Task Twenty_concurrent_sends_all_arrive_over_at_most_max_connections()
    {
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink, maxConnections: 4));
        var messages = Enumerable.Range(1, 20).Select(i => EmailTestData.Message(address: $"user{i}@example.test")).ToList();

        var results = await Task.WhenAll(messages.Select(message => Task.Run(() => sender.SendAsync(message, CancellationToken.None))));

        Assert.All(results, result => Assert.Equal(DeliveryOutcome.Sent, result.Outcome));
        var received = await sink.WaitForMessagesAsync(20, EmailTestData.Patience);
        Assert.Equal(
            messages.Select(message => message.Address).Order(),
            received.SelectMany(email => email.Recipients).Order());
        Assert.Equal(
            messages.Select(message => message.NotificationId).Order(),
            received.Select(email => email.Message.Headers["X-Notification-Id"]).Order());
        Assert.InRange(sink.MaxConcurrentConnections, 1, 4);
        Assert.InRange(sink.TotalConnections, 1, 4);
    }

    [Fact]
    public async Task An_idle_connection_is_checked_with_noop_and_reused()
    {
        var time = new FakeTimeProvider();
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink), time);

        await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);
        await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);
        Assert.Equal(0, sink.CommandCount("NOOP"));

        time.Advance(TimeSpan.FromMinutes(1));
        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal(1, sink.CommandCount("NOOP"));
        Assert.All(await sink.WaitForMessagesAsync(3, EmailTestData.Patience), email => Assert.Equal(1, email.Connection));
    }

    [Fact]
    public async Task An_idle_connection_the_server_dropped_is_replaced_before_sending()
    {
        var time = new FakeTimeProvider();
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink), time);
        await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        await DropConnectionsAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var received = await sink.WaitForMessagesAsync(2, EmailTestData.Patience);
        Assert.Equal([1, 2], received.Select(email => email.Connection));
    }

    [Fact]
    public async Task A_connection_lost_during_a_send_is_retried_later_and_the_next_send_reconnects()
    {
        await using var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink));
        await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        await DropConnectionsAsync();
        var lost = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);
        var next = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, lost.Outcome);
        Assert.Equal(DeliveryOutcome.Sent, next.Outcome);
        var received = await sink.WaitForMessagesAsync(2, EmailTestData.Patience);
        Assert.Equal([1, 2], received.Select(email => email.Connection));
    }

    [Fact]
    public async Task Disposing_the_sender_quits_every_pooled_connection()
    {
        var sender = EmailTestData.SmtpSender(EmailTestData.SmtpOptionsFor(sink, maxConnections: 3));
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => sender.SendAsync(EmailTestData.Message(), CancellationToken.None))));
        var opened = sink.TotalConnections;

        await sender.DisposeAsync();

        Assert.Equal(opened, sink.CommandCount("QUIT"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await sink.DisposeAsync();

    private async Task DropConnectionsAsync()
    {
        sink.DropConnections();
        using var timeout = new CancellationTokenSource(EmailTestData.Patience);
        while (sink.OpenConnections > 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
