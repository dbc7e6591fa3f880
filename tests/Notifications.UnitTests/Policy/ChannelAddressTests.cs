using Notifications.Contracts;
using Notifications.Domain.Policy;

namespace Notifications.UnitTests.Policy;

public sealed class ChannelAddressTests
{
    private static Recipient With(UserProfile profile) => new(
        "ada", profile, UserPreferences.None, new HashSet<string>(), new HashSet<string>(), new Dictionary<Channel, IReadOnlyList<DateTimeOffset>>());

    [Fact]
    public void A_webhook_goes_to_the_users_webhook_url() =>
        Assert.Equal(["https://hooks.acme.test/ada"], RecipientPolicy.AddressesOf(With(new UserProfile(WebhookUrl: "https://hooks.acme.test/ada")), Channel.Webhook));

    [Fact]
    public void Without_a_webhook_url_the_webhook_channel_has_no_route() =>
        Assert.Empty(RecipientPolicy.AddressesOf(With(new UserProfile(Email: "ada@example.com")), Channel.Webhook));

    [Theory]
    [InlineData("ftp://hooks.acme.test/ada")]
    [InlineData("/relative")]
    public void A_webhook_url_must_be_absolute_http_or_https(string url) =>
        Assert.Contains(RequestValidation.Validate("ada", new UserProfile(WebhookUrl: url)), error => error.Field == "webhookUrl");
}
