using MimeKit;
using Notifications.Channels.Email;

namespace Notifications.Channels.Tests.Email;

public sealed class PickupDirectoryEmailSenderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "pickup-tests", Guid.NewGuid().ToString("N"));

    private string Folder => Path.Combine(root, "data", "mail");

    [Fact]
    public async Task Writes_the_message_as_a_parseable_eml_file_named_after_the_notification()
    {
        var sender = Sender();
        var message = EmailTestData.Message(address: "ada@example.test");

        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var file = Assert.Single(Directory.GetFiles(Folder));
        Assert.Equal($"{message.NotificationId}.eml", Path.GetFileName(file));
        var mime = await MimeMessage.LoadAsync(file);
        Assert.Equal("ada@example.test", mime.To.ToString());
        Assert.Equal("\"Acme\" <no-reply@acme.test>", mime.From.ToString());
        Assert.Equal("Your order shipped", mime.Subject);
        Assert.Equal("Order 42 is on its way.", mime.TextBody?.TrimEnd());
        Assert.Equal("<p>Order <b>42</b> is on its way.</p>", mime.HtmlBody?.TrimEnd());
        Assert.Equal(result.ProviderMessageId, mime.MessageId);
        Assert.Equal(message.NotificationId, mime.Headers["X-Notification-Id"]);
    }

    [Fact]
    public async Task The_file_is_plain_ascii_so_any_mail_tool_can_open_it()
    {
        var sender = Sender();

        await sender.SendAsync(EmailTestData.Message(subject: "Olá", text: "Grüße 👋", html: null), CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Folder)));
        Assert.All(bytes, value => Assert.InRange(value, (byte)0, (byte)127));
        var mime = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(Folder)));
        Assert.Equal("Olá", mime.Subject);
        Assert.Equal("Grüße 👋", mime.TextBody?.TrimEnd());
    }

    [Fact]
    public async Task A_retried_attempt_replaces_the_file_and_leaves_no_temporary_files()
    {
        var sender = Sender();
        var id = NotificationIds.New();

        await sender.SendAsync(EmailTestData.Message(notificationId: id, subject: "first"), CancellationToken.None);
        await sender.SendAsync(EmailTestData.Message(notificationId: id, subject: "second", attempt: 2), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(Folder, "*", SearchOption.AllDirectories));
        Assert.Equal("second", (await MimeMessage.LoadAsync(file)).Subject);
    }

    [Fact]
    public async Task A_notification_id_cannot_write_outside_the_folder()
    {
        var sender = Sender();

        var result = await sender.SendAsync(EmailTestData.Message(notificationId: "../../escaped"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var file = Assert.Single(Directory.GetFiles(root, "*", SearchOption.AllDirectories));
        Assert.Equal(Folder, Path.GetDirectoryName(file));
        Assert.Matches("^[0-9a-f]{32}\\.eml$", Path.GetFileName(file));
    }

    [Fact]
    public async Task An_invalid_address_is_a_permanent_failure_and_writes_nothing()
    {
        var sender = Sender();

        var result = await sender.SendAsync(EmailTestData.Message(address: "nobody"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_created_is_retried_later()
    {
        Directory.CreateDirectory(root);
        var blocker = Path.Combine(root, "data");
        await File.WriteAllTextAsync(blocker, "a file where the folder should be");

        var result = await Sender().SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("pickup directory", result.Error);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private PickupDirectoryEmailSender Sender()
    {
        var options = new EmailOptions { From = "Acme <no-reply@acme.test>", PickupDirectory = Folder };
        return new PickupDirectoryEmailSender(Folder, new EmailMessageFactory(options, TimeProvider.System));
    }
}
