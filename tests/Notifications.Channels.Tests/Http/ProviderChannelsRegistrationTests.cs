using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Channels.Http;
using Notifications.Channels.Push;
using Notifications.Channels.Sms;
using Notifications.Channels.WebPush;
using Notifications.Channels.Webhook;

namespace Notifications.Channels.Tests.Http;

public sealed class ProviderChannelsRegistrationTests
{
    [Fact]
    public void Without_settings_no_provider_channel_is_registered()
    {
        using var services = new ServiceCollection().AddProviderChannels(new ConfigurationBuilder().Build()).BuildServiceProvider();

        Assert.All([Channel.Sms, Channel.Push, Channel.WebPush, Channel.Webhook], channel => Assert.Null(services.GetKeyedService<IChannelSender>(channel)));
    }

    [Fact]
    public void Each_configured_channel_gets_its_sender()
    {
        using var keys = VapidKeys.Generate();
        using var apnsKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Sms:Twilio:AccountSid"] = "AC123",
            ["Notifications:Sms:Twilio:AuthToken"] = "token",
            ["Notifications:Sms:Twilio:From"] = "+15005550006",
            ["Notifications:Push:Apns:TeamId"] = "TEAM",
            ["Notifications:Push:Apns:KeyId"] = "KEY",
            ["Notifications:Push:Apns:BundleId"] = "com.acme.app",
            ["Notifications:Push:Apns:PrivateKeyPem"] = apnsKey.ExportPkcs8PrivateKeyPem(),
            ["Notifications:WebPush:Subject"] = "mailto:ops@acme.test",
            ["Notifications:WebPush:PublicKey"] = keys.PublicKey,
            ["Notifications:WebPush:PrivateKey"] = keys.ExportPrivateKey(),
            ["Notifications:Webhook:Secret"] = StandardWebhookSigner.GenerateSecret(),
        }).Build();
        using var services = new ServiceCollection().AddProviderChannels(configuration).BuildServiceProvider(validateScopes: true);

        Assert.IsType<TwilioSmsSender>(services.GetRequiredKeyedService<IChannelSender>(Channel.Sms));
        Assert.IsType<PushSender>(services.GetRequiredKeyedService<IChannelSender>(Channel.Push));
        Assert.IsType<WebPushSender>(services.GetRequiredKeyedService<IChannelSender>(Channel.WebPush));
        Assert.IsType<WebhookSender>(services.GetRequiredKeyedService<IChannelSender>(Channel.Webhook));
        Assert.Equal(keys.PublicKey, services.GetRequiredService<VapidKeys>().PublicKey);
    }
}
