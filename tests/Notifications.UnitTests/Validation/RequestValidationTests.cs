using Notifications.Contracts;

namespace Notifications.UnitTests.Validation;

public sealed class RequestValidationTests
{
    [Fact]
    public void A_complete_request_is_valid() =>
        Assert.Empty(RequestValidation.Validate(new SendNotification("ada", "order-shipped", """{"orderId":"42"}""", [Channel.Email], Priority.Critical)));

    [Theory]
    [InlineData("", "welcome", "userId")]
    [InlineData("a/b", "welcome", "userId")]
    [InlineData("ada", "", "type")]
    [InlineData("ada", "Welcome!", "type")]
    public void Each_bad_field_is_named(string userId, string type, string field) =>
        Assert.Contains(RequestValidation.Validate(new SendNotification(userId, type)), error => error.Field == field);

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":")]
    [InlineData("42")]
    public void Data_must_be_a_json_object(string data) =>
        Assert.Contains(RequestValidation.Validate(new SendNotification("ada", "welcome", data)), error => error.Field == "data");

    [Fact]
    public void A_channel_named_twice_is_refused() =>
        Assert.Contains(RequestValidation.Validate(new SendNotification("ada", "welcome", Channels: [Channel.Email, Channel.Email])), error => error.Field == "channels");

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("not-an-address", false)]
    [InlineData("Ada <ada@example.com>", false)]
    [InlineData("ada@example.com\r\nBcc: eve@example.com", false)]
    public void Email_addresses_are_single_plain_mailboxes(string email, bool valid) =>
        Assert.Equal(valid, RequestValidation.IsEmailAddress(email));

    [Theory]
    [InlineData("phone", "+4915112345678", true)]
    [InlineData("phone", "015112345678", false)]
    [InlineData("timeZone", "Europe/Berlin", true)]
    [InlineData("timeZone", "Mars/Olympus", false)]
    [InlineData("locale", "pt-BR", true)]
    [InlineData("locale", "../../etc", false)]
    public void Profile_fields_are_checked(string field, string value, bool valid)
    {
        var profile = field switch
        {
            "phone" => new UserProfile(Phone: value),
            "timeZone" => new UserProfile(TimeZone: value),
            _ => new UserProfile(Locale: value),
        };

        Assert.Equal(valid, RequestValidation.Validate("ada", profile).All(error => error.Field != field));
    }
}
