using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Channels;
using Notifications.Channels.Email;
using Notifications.Testing.Smtp;

namespace Notifications.Channels.Tests.Email;

internal static class EmailTestData
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static OutboundMessage Message(
        string address = "ada@example.test",
        string? subject = "Your order shipped",
        string? text = "Order 42 is on its way.",
        string? html = "<p>Order <b>42</b> is on its way.</p>",
        string? notificationId = null,
        int attempt = 1) =>
        new(
            "acme",
            notificationId ?? NotificationIds.New(),
            "user-1",
            Channel.Email,
            address,
            new RenderedContent(Subject: subject, Text: text, Html: html),
            attempt,
            Priority.Standard);

    public static EmailOptions SmtpOptionsFor(SmtpSink sink, int maxConnections = 4, int timeoutSeconds = 10) => new()
    {
        From = "Acme <no-reply@acme.test>",
        Smtp = new SmtpOptions
        {
            Host = sink.Host,
            Port = sink.Port,
            UseTls = SmtpTlsMode.None,
            MaxConnections = maxConnections,
            TimeoutSeconds = timeoutSeconds,
        },
    };

    public static SmtpEmailSender SmtpSender(EmailOptions options, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        return new SmtpEmailSender(options, new EmailMessageFactory(options, time), time, NullLogger<SmtpEmailSender>.Instance);
    }
}
