using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Notifications.Channels.Email;

namespace Notifications.Channels.Tests.Email;

public sealed class EmailMessageFactoryTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private readonly EmailMessageFactory factory = new(
        new EmailOptions { From = "Acme <no-reply@acme.test>" }, new FakeTimeProvider(Now));

    [Fact]
    public void Addresses_the_message_from_the_configured_sender_to_the_recipient_only()
    {
        var mime = factory.Create(EmailTestData.Message(address: "ada@example.test"));

        var from = Assert.IsType<MailboxAddress>(Assert.Single(mime.From));
        Assert.Equal(("Acme", "no-reply@acme.test"), (from.Name, from.Address));
        Assert.Equal("ada@example.test", Assert.IsType<MailboxAddress>(Assert.Single(mime.To)).Address);
        Assert.Empty(mime.Cc);
        Assert.Empty(mime.Bcc);
        Assert.Equal(Now, mime.Date);
    }

    [Fact]
    public void Text_and_html_become_a_multipart_alternative_with_the_text_first()
    {
        var mime = factory.Create(EmailTestData.Message(text: "plain words", html: "<p>rich words</p>"));

        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Collection(
            alternative,
            part => Assert.Equal("text/plain", part.ContentType.MimeType),
            part => Assert.Equal("text/html", part.ContentType.MimeType));
        Assert.Equal("plain words", mime.TextBody);
        Assert.Equal("<p>rich words</p>", mime.HtmlBody);
    }

    [Theory]
    [InlineData("only text", null, "text/plain")]
    [InlineData(null, "<p>only html</p>", "text/html")]
    public void A_single_part_is_sent_alone(string? text, string? html, string expectedType)
    {
        var mime = factory.Create(EmailTestData.Message(text: text, html: html));

        var part = Assert.IsType<TextPart>(mime.Body);
        Assert.Equal(expectedType, part.ContentType.MimeType);
        Assert.Equal(text ?? html, part.Text);
    }

    [Fact]
    public void Message_id_comes_from_the_notification_and_the_sender_domain_and_is_the_same_on_every_attempt()
    {
        var id = NotificationIds.New();

        var first = factory.Create(EmailTestData.Message(notificationId: id, attempt: 1));
        var retry = factory.Create(EmailTestData.Message(notificationId: id, attempt: 2));
        var other = factory.Create(EmailTestData.Message());

        Assert.Equal($"{id}.acme@acme.test", first.MessageId);
        Assert.Equal(first.MessageId, retry.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    [Fact]
    public void The_same_notification_id_in_two_tenants_gives_two_message_ids()
    {
        var message = EmailTestData.Message(notificationId: "order-42");

        var acme = factory.Create(message);
        var globex = factory.Create(message with { Tenant = "globex" });

        Assert.NotEqual(acme.MessageId, globex.MessageId);
    }

    [Fact]
    public void The_notification_id_travels_in_its_own_header()
    {
        var id = NotificationIds.New();

        var mime = factory.Create(EmailTestData.Message(notificationId: id));

        Assert.Equal(id, mime.Headers[EmailMessageFactory.NotificationIdHeader]);
    }

    [Fact]
    public void A_caller_chosen_id_with_odd_characters_still_gives_a_valid_message_id()
    {
        var mime = factory.Create(EmailTestData.Message(notificationId: "../../etc/passwd <x>"));

        Assert.Matches("^[0-9a-f]{32}\\.acme@acme\\.test$", mime.MessageId);
        Assert.Equal("../../etc/passwd <x>", mime.Headers[EmailMessageFactory.NotificationIdHeader]);
    }

    [Fact]
    public void Line_breaks_in_the_subject_cannot_add_a_header()
    {
        var mime = factory.Create(EmailTestData.Message(subject: "Hello\r\nBcc: spy@evil.test\r\n\r\nInjected body"));

        var written = Reparse(mime);

        Assert.Equal("Hello Bcc: spy@evil.test Injected body", written.Subject);
        Assert.Empty(written.Bcc);
        Assert.DoesNotContain(written.Headers, header => header.Id == HeaderId.Bcc);
        Assert.Equal("Order 42 is on its way.", written.TextBody);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an address")]
    [InlineData("ada@example.test, spy@evil.test")]
    [InlineData("ada@example.test\r\nBcc: spy@evil.test")]
    [InlineData("undisclosed-recipients:;")]
    public void A_recipient_that_is_not_one_valid_address_is_refused(string address)
    {
        Assert.Throws<FormatException>(() => factory.Create(EmailTestData.Message(address: address)));
    }

    [Fact]
    public void A_display_name_in_the_contact_data_does_not_reach_the_to_header()
    {
        var mime = factory.Create(EmailTestData.Message(address: "\"Support\" <ada@example.test>"));

        var to = Assert.IsType<MailboxAddress>(Assert.Single(mime.To));
        Assert.Equal((string.Empty, "ada@example.test"), (to.Name, to.Address));
    }

    [Fact]
    public void Extra_headers_are_added_on_one_line_each()
    {
        var headers = new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = "<https://acme.test/u/abc>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click\r\nBcc: spy@evil.test",
        };

        var written = Reparse(factory.Create(EmailTestData.Message(), headers));

        Assert.Equal("<https://acme.test/u/abc>", written.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click Bcc: spy@evil.test", written.Headers["List-Unsubscribe-Post"]);
        Assert.Empty(written.Bcc);
    }

    [Theory]
    [InlineData("To")]
    [InlineData("bcc")]
    [InlineData("Message-ID")]
    [InlineData("X-Notification-Id")]
    public void Extra_headers_cannot_replace_the_ones_the_channel_sets(string name)
    {
        var headers = new Dictionary<string, string> { [name] = "spy@evil.test" };

        Assert.Throws<ArgumentException>(() => factory.Create(EmailTestData.Message(), headers));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("Acme <>")]
    public void An_invalid_sender_is_refused_when_the_factory_is_made(string from)
    {
        Assert.Throws<FormatException>(() => new EmailMessageFactory(new EmailOptions { From = from }, TimeProvider.System));
    }

    private static MimeMessage Reparse(MimeMessage mime)
    {
        using var buffer = new MemoryStream();
        mime.WriteTo(buffer);
        buffer.Position = 0;
        return MimeMessage.Load(buffer);
    }
}
