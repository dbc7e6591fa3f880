using Notifications.Contracts;
using Notifications.Domain.Delivery;

namespace Notifications.UnitTests.Delivery;

public sealed class DeliveryOptionsTests
{
    [Fact]
    public void Configured_fields_override_the_channel_defaults_one_by_one()
    {
        var options = new DeliveryOptions();
        options.Channels["SMS"] = new ChannelDeliveryOptions { MaxAttempts = 2, Provider = "twilio" };

        var sms = options.RetryPolicyFor(Channel.Sms);

        Assert.Equal(2, sms.MaxAttempts);
        Assert.Equal(RetryPolicy.DefaultFor(Channel.Sms).BaseDelay, sms.BaseDelay);
        Assert.Equal("twilio", options.ProviderFor(Channel.Sms));
        Assert.Equal("email", options.ProviderFor(Channel.Email));
    }

    [Fact]
    public void Critical_is_unbounded_and_bulk_is_the_narrowest_lane_by_default()
    {
        var options = new DeliveryOptions();
        options.Lanes["standard"] = new LaneOptions { MaxConcurrency = 0 };

        Assert.Null(options.LaneConcurrencyFor(Priority.Critical));
        Assert.Null(options.LaneConcurrencyFor(Priority.Standard));
        Assert.Equal(LaneOptions.DefaultBulkConcurrency, options.LaneConcurrencyFor(Priority.Bulk));
    }

    [Fact]
    public void Nonsense_is_reported_with_its_key()
    {
        var options = new DeliveryOptions();
        options.Channels["fax"] = new ChannelDeliveryOptions();
        options.Channels["email"] = new ChannelDeliveryOptions { MaxAttempts = 0 };
        options.Providers["smtp"] = new ProviderOptions { RatePerSecond = -1 };

        var errors = options.Validate();

        Assert.Contains(errors, error => error.Contains("Channels:fax", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("email:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("smtp:RatePerSecond", StringComparison.Ordinal));
    }
}
