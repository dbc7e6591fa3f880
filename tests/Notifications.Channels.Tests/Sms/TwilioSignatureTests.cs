using Notifications.Channels.Sms;

namespace Notifications.Channels.Tests.Sms;

public sealed class TwilioSignatureTests
{
    private const string AuthToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Expected = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["Caller"] = "+12349013030",
        ["Digits"] = "1234",
        ["From"] = "+12349013030",
        ["To"] = "+18005551212",
    };

    [Fact]
    public void Computes_the_documented_signature()
    {
        Assert.Equal(Expected, TwilioSignature.Compute(AuthToken, Url, Parameters));
    }

    [Fact]
    public void The_parameter_order_of_the_request_does_not_matter()
    {
        Assert.Equal(Expected, TwilioSignature.Compute(AuthToken, Url, Parameters.Reverse()));
    }

    [Theory]
    [InlineData(Url)]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2")]
    public void Validates_with_and_without_the_default_port(string url)
    {
        Assert.True(TwilioSignature.IsValid(AuthToken, url, Parameters, Expected));
    }

    [Fact]
    public void A_signature_made_with_the_port_validates_without_it()
    {
        var withPort = TwilioSignature.Compute(AuthToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters);

        Assert.True(TwilioSignature.IsValid(AuthToken, Url, Parameters, withPort));
    }

    [Fact]
    public void Rejects_a_changed_parameter_url_token_or_signature()
    {
        var changed = new Dictionary<string, string>(Parameters) { ["Digits"] = "1235" };

        Assert.False(TwilioSignature.IsValid(AuthToken, Url, changed, Expected));
        Assert.False(TwilioSignature.IsValid(AuthToken, "https://mycompany.com/myapp.php?foo=1&bar=3", Parameters, Expected));
        Assert.False(TwilioSignature.IsValid("54321", Url, Parameters, Expected));
        Assert.False(TwilioSignature.IsValid(AuthToken, Url, Parameters, "1/KCTR6DLpKmkAf8muzZqo1nDgQ="));
        Assert.False(TwilioSignature.IsValid(AuthToken, Url, Parameters, null));
    }
}
