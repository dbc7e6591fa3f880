using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Channels.Email;
using Notifications.Testing.Smtp;

namespace Notifications.Channels.Tests.Email;

public sealed class EmailChannelRegistrationTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "pickup-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_an_smtp_host_mail_is_written_to_the_pickup_directory()
    {
        await using var services = Build(new()
        {
            ["Notifications:Email:From"] = "Acme <no-reply@acme.test>",
            ["Notifications:Email:PickupDirectory"] = folder,
        });

        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Email);
        var destination = services.GetRequiredService<EmailDestination>();
        var result = await sender.SendAsync(EmailTestData.Message(), CancellationToken.None);

        Assert.IsType<PickupDirectoryEmailSender>(sender);
        Assert.Equal(EmailTransport.PickupDirectory, destination.Transport);
        Assert.Equal(Path.GetFullPath(folder), destination.PickupDirectory);
        Assert.Contains(Path.GetFullPath(folder), destination.Description);
        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var mime = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(folder, "*.eml")));
        Assert.Equal("no-reply@acme.test", Assert.IsType<MailboxAddress>(Assert.Single(mime.From)).Address);
    }

    [Fact]
    public void The_defaults_write_to_data_mail_from_notifications_at_localhost()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        var destination = services.GetRequiredService<EmailDestination>();

        Assert.Equal("notifications@localhost", options.From);
        Assert.Equal((25, SmtpTlsMode.Auto, 4), (options.Smtp.Port, options.Smtp.UseTls, options.Smtp.MaxConnections));
        Assert.Equal(EmailTransport.PickupDirectory, destination.Transport);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "mail")), destination.PickupDirectory);
    }

    [Fact]
    public async Task With_an_smtp_host_mail_goes_to_that_server()
    {
        await using var sink = SmtpSink.Start();
        await using var services = Build(new()
        {
            ["Notifications:Email:From"] = "Acme <no-reply@acme.test>",
            ["Notifications:Email:Smtp:Host"] = sink.Host,
            ["Notifications:Email:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Email:Smtp:UseTls"] = "None",
            ["Notifications:Email:Smtp:MaxConnections"] = "2",
            ["Notifications:Email:Smtp:Password"] = null,
        });

        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Email);
        var destination = services.GetRequiredService<EmailDestination>();
        var result = await sender.SendAsync(EmailTestData.Message(address: "ada@example.test"), CancellationToken.None);

        Assert.IsType<SmtpEmailSender>(sender);
        Assert.Equal(EmailTransport.Smtp, destination.Transport);
        Assert.Contains($"{sink.Host}:{sink.Port}", destination.Description);
        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal(["ada@example.test"], Assert.Single(await sink.WaitForMessagesAsync(1, EmailTestData.Patience)).Recipients);
    }

    [Fact]
    public void The_destination_line_never_shows_the_password()
    {
        using var services = Build(new()
        {
            ["Notifications:Email:Smtp:Host"] = "smtp.acme.test",
            ["Notifications:Email:Smtp:Port"] = "587",
            ["Notifications:Email:Smtp:UseTls"] = "StartTls",
            ["Notifications:Email:Smtp:Username"] = "mailer",
            ["Notifications:Email:Smtp:Password"] = "hunter2",
        });

        var destination = services.GetRequiredService<EmailDestination>();

        Assert.Equal(
            "SMTP server smtp.acme.test:587 (TLS StartTls, with authentication, up to 4 connections), from notifications@localhost",
            destination.Description);
        Assert.DoesNotContain("hunter2", destination.ToString());
    }

    [Theory]
    [InlineData("Notifications:Email:From", "not an address", "Notifications:Email:From")]
    [InlineData("Notifications:Email:Smtp:Port", "70000", "Notifications:Email:Smtp:Port")]
    [InlineData("Notifications:Email:Smtp:MaxConnections", "0", "Notifications:Email:Smtp:MaxConnections")]
    [InlineData("Notifications:Email:Smtp:Host", "smtp://smtp.acme.test:25", "Notifications:Email:Smtp:Host")]
    public void Settings_that_would_fail_every_send_fail_at_start_up_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Notifications:Email:Smtp:Host"] = "smtp.acme.test", [key] = value };
        using var services = Build(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredKeyedService<IChannelSender>(Channel.Email));

        Assert.Contains(named, failure.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddEmailChannel(configuration).BuildServiceProvider(validateScopes: true);
    }
}
