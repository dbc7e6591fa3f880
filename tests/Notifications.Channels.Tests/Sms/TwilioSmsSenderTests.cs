using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.Sms;
using Notifications.Testing.Http;
using WireMock.RequestBuilders;
using Request = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Notifications.Channels.Tests.Sms;

/// <summary>The SMS channel, registered as the product registers it, against a WireMock fake of Twilio's Messages API.</summary>
public sealed class TwilioSmsSenderTests : IDisposable
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "auth-token-secret";
    private const string MessagesPath = $"/2010-04-01/Accounts/{AccountSid}/Messages.json";
    private readonly WireMockServer twilio = WireMockLoopback.Start();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Posts_the_message_form_with_basic_authentication()
    {
        Answer(201, """{"sid":"SM1234567890abcdef1234567890abcdef","status":"queued","error_code":null}""");
        using var services = Build();
        var sender = services.GetRequiredKeyedService<IChannelSender>(Channel.Sms);

        var message = Message("+14155550123", "Your code is 123 456 & more");
        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal("SM1234567890abcdef1234567890abcdef", result.ProviderMessageId);
        var request = Assert.Single(twilio.LogEntries).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal(MessagesPath, request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")), request.Headers!["Authorization"].Single());
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"].Single());
        // The callback names the notification (tenant/id), so a receipt finds it without a lookup table.
        var callback = Uri.EscapeDataString($"https://notify.example.com/api/v1/callbacks/twilio?notification=acme%2F{message.NotificationId}");
        Assert.Equal(
            $"To=%2B14155550123&From=%2B15005550006&Body=Your+code+is+123+456+%26+more&StatusCallback={callback}",
            request.Body);
    }

    [Fact]
    public async Task A_messaging_service_replaces_the_sender_number()
    {
        Answer(201, """{"sid":"SM1","status":"accepted"}""");
        using var services = Build(new() { ["Notifications:Sms:Twilio:MessagingServiceSid"] = "MG0123", ["Notifications:Sms:Twilio:StatusCallbackUrl"] = null });

        await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message("+14155550123", "Hi"), CancellationToken.None);

        Assert.Equal("To=%2B14155550123&MessagingServiceSid=MG0123&Body=Hi", Assert.Single(twilio.LogEntries).RequestMessage.Body);
    }

    [Fact]
    public async Task A_stop_reply_is_a_permanent_opt_out()
    {
        Answer(400, """{"code":21610,"message":"Attempt to send to unsubscribed recipient","more_info":"https://www.twilio.com/docs/errors/21610","status":400}""");
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message("+14155550123", "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith("opted_out:", result.Error);
        Assert.Contains("21610", result.Error);
    }

    [Fact]
    public async Task An_invalid_number_is_permanent()
    {
        Answer(400, """{"code":21211,"message":"The 'To' number +1415 is not a valid phone number.","status":400}""");
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message("+14155550123", "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("21211", result.Error);
    }

    [Fact]
    public async Task Rate_limiting_is_retried_at_the_instant_twilio_asks_for()
    {
        twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(429).WithHeader("Retry-After", "30").WithHeader("Content-Type", "application/json")
            .WithBody("""{"code":20429,"message":"Too Many Requests","status":429}"""));
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message("+14155550123", "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Equal(time.GetUtcNow().AddSeconds(30), result.RetryAt);
    }

    [Fact]
    public async Task A_server_error_without_a_body_is_retried()
    {
        twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message("+14155550123", "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Null(result.RetryAt);
    }

    [Fact]
    public async Task Refused_credentials_are_a_configuration_error()
    {
        Answer(401, """{"code":20003,"message":"Authenticate","status":401}""");
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message("+14155550123", "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("Notifications:Sms:Twilio:AuthToken", result.Error);
    }

    [Fact]
    public async Task An_unreachable_twilio_is_retried()
    {
        var baseUrl = twilio.BaseUrl();
        twilio.Stop();
        using var services = Build(new() { ["Notifications:Sms:Twilio:BaseUrl"] = baseUrl });

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message("+14155550123", "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("Cannot reach Twilio", result.Error);
    }

    [Theory]
    [InlineData("4155550123")]
    [InlineData("+0155550123")]
    [InlineData("+1 415 555 0123")]
    [InlineData("ada@example.test")]
    public async Task Addresses_that_are_not_e164_are_refused_without_calling_twilio(string address)
    {
        using var services = Build();

        var result = await services.GetRequiredKeyedService<IChannelSender>(Channel.Sms).SendAsync(Message(address, "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith(SmsFailures.InvalidNumberPrefix, result.Error);
        Assert.Empty(twilio.LogEntries);
    }

    [Fact]
    public void Without_credentials_no_sms_sender_is_registered()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Sms:Twilio:AccountSid"] = AccountSid,
            ["Notifications:Sms:Twilio:From"] = "+15005550006",
        }).Build();
        using var services = new ServiceCollection().AddSmsChannel(configuration).BuildServiceProvider();

        Assert.Null(services.GetKeyedService<IChannelSender>(Channel.Sms));
    }

    [Fact]
    public void Credentials_without_a_sender_fail_at_start_up_naming_the_keys()
    {
        using var services = Build(new() { ["Notifications:Sms:Twilio:From"] = null });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwilioOptions>>().Value);

        Assert.Contains("Notifications:Sms:Twilio:From or Notifications:Sms:Twilio:MessagingServiceSid", failure.Message);
    }

    public void Dispose() => twilio.Dispose();

    private void Answer(int status, string json) =>
        twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json));

    private ServiceProvider Build(Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:Sms:Twilio:AccountSid"] = AccountSid,
            ["Notifications:Sms:Twilio:AuthToken"] = AuthToken,
            ["Notifications:Sms:Twilio:From"] = "+15005550006",
            ["Notifications:Sms:Twilio:StatusCallbackUrl"] = "https://notify.example.com/api/v1/callbacks/twilio",
            ["Notifications:Sms:Twilio:BaseUrl"] = twilio.BaseUrl(),
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<TimeProvider>(time).AddSmsChannel(configuration).BuildServiceProvider(validateScopes: true);
    }

    private static OutboundMessage Message(string phone, string text) => new(
        "acme", NotificationIds.New(), "user-1", Channel.Sms, phone, new RenderedContent(Text: text), 1, Priority.Standard);
}
