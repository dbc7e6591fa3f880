using Notifications.Contracts;
using Notifications.Domain.Preferences;

namespace Notifications.UnitTests.Policy;

public sealed class PreferencesTests
{
    private static readonly QuietWindow Nights = new([DayOfWeek.Monday], new TimeOnly(22, 0), new TimeOnly(7, 0));

    [Fact]
    public void A_patch_merges_categories_channel_by_channel_and_keeps_what_it_does_not_name()
    {
        var stored = new UserPreferences(
            OptOutNonCritical: false,
            Categories: new Dictionary<string, CategoryPreference>
            {
                ["marketing"] = new(new Dictionary<Channel, bool> { [Channel.Email] = true, [Channel.Sms] = false }, [Channel.Email]),
                ["news"] = new(new Dictionary<Channel, bool> { [Channel.Push] = true }),
            },
            QuietHours: [Nights]);
        var patch = new UserPreferences(Categories: new Dictionary<string, CategoryPreference>
        {
            ["marketing"] = new(new Dictionary<Channel, bool> { [Channel.Email] = false }),
        });

        var merged = PreferenceRules.Merge(stored, patch);

        Assert.False(merged.OptOutNonCritical);
        Assert.Equal([Nights], merged.QuietHours);
        var marketing = merged.Categories!["marketing"];
        Assert.False(marketing.Channels![Channel.Email]);
        Assert.False(marketing.Channels[Channel.Sms]);
        Assert.Equal([Channel.Email], marketing.Order);
        Assert.True(merged.Categories["news"].Channels![Channel.Push]);
    }

    [Fact]
    public void Invalid_preferences_name_each_field()
    {
        var preferences = new UserPreferences(
            Categories: new Dictionary<string, CategoryPreference>
            {
                ["Bad Name"] = new(),
                ["ok"] = new(new Dictionary<Channel, bool> { [(Channel)42] = true }, [Channel.Email, Channel.Email]),
            },
            QuietHours: [new QuietWindow([], new TimeOnly(8, 0), new TimeOnly(8, 0))]);

        var fields = PreferencesValidation.Validate(preferences, "Mars/Olympus").Select(error => error.Field).ToArray();

        Assert.Equal(["categories.Bad Name", "categories.ok.channels", "categories.ok.order", "quietHours[0].days", "quietHours[0].end", "timeZone"], fields);
    }

    [Theory]
    [InlineData("fcm:dGVzdC10b2tlbi0x:APA91b-abc_def", true)]
    [InlineData("APNS:0a1b2c3d", true)]
    [InlineData("gcm:token", false)]
    [InlineData("fcm:", false)]
    [InlineData("fcm:token with spaces", false)]
    [InlineData("fcm:token\r\nX-Header: 1", false)]
    public void Device_tokens_need_a_platform_and_a_plain_token(string address, bool valid)
    {
        Assert.Equal(valid, ContactValidation.TryNormalize(Channel.Push, address, out var normalized, out _));
        if (valid)
        {
            Assert.StartsWith(address.ToLowerInvariant()[..address.IndexOf(':')], normalized, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc", true)]
    [InlineData("http://127.0.0.1:8090/push/1", true)]
    [InlineData("http://push.example.com/1", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("https://user:pass@push.example.com/1", false)]
    public void Web_push_endpoints_are_https_except_on_loopback(string endpoint, bool valid)
    {
        var json = $$"""{"endpoint":"{{endpoint}}","keys":{"p256dh":"BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM","auth":"tBHItJI5svbpez7KI4CCXg"},"expirationTime":null}""";

        Assert.Equal(valid, ContactValidation.TryNormalize(Channel.WebPush, json, out var normalized, out _));
        if (valid)
        {
            Assert.DoesNotContain("expirationTime", normalized);
            Assert.Equal(endpoint, ContactValidation.EndpointOf(normalized));
        }
    }

    [Theory]
    [InlineData("""{"endpoint":"https://push.example.com/1","keys":{"p256dh":"AAAA","auth":"tBHItJI5svbpez7KI4CCXg"}}""", "keys.p256dh")]
    [InlineData("""{"endpoint":"https://push.example.com/1","keys":{"p256dh":"BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"}}""", "keys.auth")]
    [InlineData("""[1,2,3]""", "subscription")]
    [InlineData("""{"endpoint": """, "subscription")]
    public void Malformed_subscriptions_name_what_is_wrong(string json, string field)
    {
        Assert.False(ContactValidation.TryNormalize(Channel.WebPush, json, out _, out var error));
        Assert.Equal(field, error!.Field);
    }
}
