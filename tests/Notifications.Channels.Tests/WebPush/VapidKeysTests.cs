using System.Buffers.Text;
using Notifications.Channels.WebPush;

namespace Notifications.Channels.Tests.WebPush;

public sealed class VapidKeysTests
{
    [Fact]
    public void The_public_key_is_the_base64url_of_the_65_byte_point()
    {
        using var keys = VapidKeys.Generate();

        var point = Base64Url.DecodeFromChars(keys.PublicKey);
        Assert.Equal(65, point.Length);
        Assert.Equal(0x04, point[0]);
        Assert.Equal(87, keys.PublicKey.Length);
        Assert.True(keys.IsGenerated);
    }

    [Fact]
    public void A_configured_pair_loads_back_to_the_same_public_key()
    {
        using var generated = VapidKeys.Generate();

        using var loaded = VapidKeys.FromBase64Url(generated.PublicKey, generated.ExportPrivateKey());

        Assert.Equal(generated.PublicKey, loaded.PublicKey);
        Assert.False(loaded.IsGenerated);
    }

    [Fact]
    public void Keys_that_do_not_belong_together_are_refused()
    {
        using var one = VapidKeys.Generate();
        using var other = VapidKeys.Generate();

        var failure = Assert.Throws<ArgumentException>(() => VapidKeys.FromBase64Url(one.PublicKey, other.ExportPrivateKey()));

        Assert.Contains("belong", failure.Message);
    }

    [Theory]
    [InlineData("not base64!", "AAAA")]
    [InlineData("BCVxsr7N", "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw")]
    public void Malformed_keys_are_refused(string publicKey, string privateKey)
    {
        Assert.Throws<ArgumentException>(() => VapidKeys.FromBase64Url(publicKey, privateKey));
    }
}
