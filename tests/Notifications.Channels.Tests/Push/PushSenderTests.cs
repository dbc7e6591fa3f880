using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Channels.Push;
using Notifications.Channels.Push.Apns;
using Notifications.Channels.Push.Fcm;

namespace Notifications.Channels.Tests.Push;

public sealed class PushSenderTests
{
    [Theory]
    [InlineData("fcm:abc", PushService.Fcm, "abc")]
    [InlineData("FCM:abc:def", PushService.Fcm, "abc:def")]
    [InlineData("apns:0f74", PushService.Apns, "0f74")]
    public void Parses_push_addresses(string address, PushService service, string token)
    {
        Assert.Equal(new PushAddress(service, token), PushAddress.TryParse(address));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("fcm:")]
    [InlineData("gcm:abc")]
    public void Refuses_other_addresses(string address)
    {
        Assert.Null(PushAddress.TryParse(address));
    }

    [Fact]
    public async Task An_address_without_a_known_prefix_is_a_permanent_failure()
    {
        var sender = new PushSender(null, null);

        var result = await sender.SendAsync(
            new OutboundMessage("acme", "n1", "u1", Channel.Push, "token-without-prefix", new RenderedContent(Title: "t"), 1, Priority.Standard),
            CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("not a push address", result.Error);
    }

    [Fact]
    public void Without_fcm_or_apns_settings_no_push_sender_is_registered()
    {
        using var services = new ServiceCollection().AddPushChannel(new ConfigurationBuilder().Build()).BuildServiceProvider();

        Assert.Null(services.GetKeyedService<IChannelSender>(Channel.Push));
    }

    [Fact]
    public void A_malformed_service_account_fails_at_start_up_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Push:Fcm:ServiceAccountJson"] = """{"type":"service_account"}""",
        }).Build();
        using var services = new ServiceCollection().AddPushChannel(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FcmOptions>>().Value);

        Assert.Contains("Notifications:Push:Fcm:ServiceAccountJson", failure.Message);
    }

    [Fact]
    public void A_key_that_is_not_a_p256_pem_fails_at_start_up_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Push:Apns:TeamId"] = "TEAM",
            ["Notifications:Push:Apns:KeyId"] = "KEY",
            ["Notifications:Push:Apns:BundleId"] = "com.acme.app",
            ["Notifications:Push:Apns:PrivateKeyPem"] = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----",
        }).Build();
        using var services = new ServiceCollection().AddPushChannel(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApnsOptions>>().Value);

        Assert.Contains("Notifications:Push:Apns:PrivateKeyPem", failure.Message);
    }

    [Fact]
    public void The_sandbox_is_chosen_by_a_flag_and_an_explicit_base_url_wins()
    {
        Assert.Equal("https://api.push.apple.com", new ApnsOptions().EffectiveBaseUrl);
        Assert.Equal("https://api.sandbox.push.apple.com", new ApnsOptions { UseSandbox = true }.EffectiveBaseUrl);
        Assert.Equal("https://127.0.0.1:9", new ApnsOptions { UseSandbox = true, BaseUrl = "https://127.0.0.1:9" }.EffectiveBaseUrl);
    }
}
