using Notifications.Channels.Webhook;

namespace Notifications.Channels.Tests.Webhook;

public sealed class StandardWebhookSignerTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Body = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset Timestamp = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void Signs_the_specification_test_vector()
    {
        Assert.Equal(Expected, new StandardWebhookSigner(Secret).Sign(Id, Timestamp, Body));
    }

    [Fact]
    public void Verifies_the_test_vector_among_several_signatures()
    {
        var signer = new StandardWebhookSigner(Secret);

        Assert.True(signer.Verify(Id, "1614265330", Body, "v1,bm9wZQ== " + Expected, Timestamp.AddMinutes(4)));
    }

    [Theory]
    [InlineData(Id, "1614265330", """{"test": 2432232315}""", Expected)]
    [InlineData("msg_other", "1614265330", Body, Expected)]
    [InlineData(Id, "1614265331", Body, Expected)]
    [InlineData(Id, "1614265330", Body, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(Id, "1614265330", Body, "v1,not base64")]
    [InlineData(Id, "1614265330", Body, "")]
    [InlineData(Id, "not-a-number", Body, Expected)]
    public void Rejects_anything_changed(string id, string timestamp, string body, string signature)
    {
        Assert.False(new StandardWebhookSigner(Secret).Verify(id, timestamp, body, signature, Timestamp));
    }

    [Fact]
    public void Rejects_timestamps_outside_the_tolerance()
    {
        var signer = new StandardWebhookSigner(Secret);

        Assert.False(signer.Verify(Id, "1614265330", Body, Expected, Timestamp.AddMinutes(6)));
        Assert.False(signer.Verify(Id, "1614265330", Body, Expected, Timestamp.AddMinutes(-6)));
        Assert.True(signer.Verify(Id, "1614265330", Body, Expected, Timestamp.AddMinutes(6), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Generated_secrets_round_trip()
    {
        var secret = StandardWebhookSigner.GenerateSecret();
        var signer = new StandardWebhookSigner(secret);
        var now = DateTimeOffset.UtcNow;

        Assert.StartsWith("whsec_", secret);
        Assert.True(signer.Verify("id", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "{}", signer.Sign("id", now, "{}"), now));
    }

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void Refuses_malformed_secrets(string secret)
    {
        Assert.Throws<ArgumentException>(() => new StandardWebhookSigner(secret));
    }
}
