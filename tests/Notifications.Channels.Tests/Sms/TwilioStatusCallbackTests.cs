using Notifications.Channels.Sms;

namespace Notifications.Channels.Tests.Sms;

public sealed class TwilioStatusCallbackTests
{
    private const string Key = "acme/0193b9f0-0000-7000-8000-000000000001";

    [Fact]
    public void A_delivered_receipt_names_the_notification_and_the_message()
    {
        var callback = TwilioStatusCallback.Read(Key, Form(("MessageSid", "SM123"), ("MessageStatus", "delivered"), ("To", "+14155550123")));

        Assert.Equal(new ProviderReceipt(Channel.Sms, "SM123", NotificationStatus.Delivered), callback!.ToReceipt());
        Assert.Equal(Key, callback.NotificationKey);
    }

    [Fact]
    public void An_undelivered_receipt_fails_with_the_error_described()
    {
        var callback = TwilioStatusCallback.Read(Key, Form(("MessageSid", "SM123"), ("MessageStatus", "undelivered"), ("ErrorCode", "30003")));

        Assert.Equal(NotificationStatus.Failed, callback!.Status);
        Assert.Equal("twilio undelivered: 30003 unreachable destination handset", callback.Reason);
        Assert.Null(callback.OptedOutPhone);
    }

    [Fact]
    public void Error_21610_names_the_phone_that_replied_stop()
    {
        var callback = TwilioStatusCallback.Read(Key, Form(("MessageSid", "SM123"), ("MessageStatus", "failed"), ("ErrorCode", "21610"), ("To", "+14155550123")));

        Assert.Equal("+14155550123", callback!.ToReceipt().OptedOutAddress);
    }

    [Theory]
    [InlineData(null, "SM123")]
    [InlineData("", "SM123")]
    [InlineData(Key, null)]
    public void Without_a_notification_or_a_message_there_is_nothing_to_apply(string? key, string? sid)
    {
        var form = sid is null ? Form(("MessageStatus", "delivered")) : Form(("MessageSid", sid), ("MessageStatus", "delivered"));

        Assert.Null(TwilioStatusCallback.Read(key, form));
    }

    [Fact]
    public void The_signed_url_is_the_configured_public_url_with_the_query_the_request_carried()
    {
        var signed = TwilioStatusCallback.SignedUrl(
            "https://notify.example.com/api/v1/providers/twilio/status",
            "http://10.0.0.7:8080/api/v1/providers/twilio/status?notification=acme%2Fn1");

        Assert.Equal("https://notify.example.com/api/v1/providers/twilio/status?notification=acme%2Fn1", signed);
    }

    [Fact]
    public void Without_a_configured_url_the_received_url_is_the_signed_one()
    {
        const string Received = "https://notify.example.com/api/v1/providers/twilio/status?notification=acme%2Fn1";

        Assert.Equal(Received, TwilioStatusCallback.SignedUrl(null, Received));
    }

    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(field => field.Name, field => field.Value);
}
