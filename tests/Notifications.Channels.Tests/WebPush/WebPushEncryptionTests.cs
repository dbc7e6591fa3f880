using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Notifications.Channels.WebPush;

namespace Notifications.Channels.Tests.WebPush;

public sealed class WebPushEncryptionTests
{
    [Fact]
    public void Reproduces_the_rfc_8291_example_byte_for_byte()
    {
        var senderPublic = Base64Url.DecodeFromChars("BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
        var parameters = WebPushEncryption.PublicKeyParameters(senderPublic);
        parameters.D = Base64Url.DecodeFromChars("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw");
        using var sender = ECDiffieHellman.Create(parameters);

        var body = WebPushEncryption.Encrypt(
            "When I grow up, I want to be a watermelon"u8,
            Base64Url.DecodeFromChars("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
            Base64Url.DecodeFromChars("BTBZMqHH6r4Tts7J_aSIgg"),
            sender,
            Base64Url.DecodeFromChars("DGv6ra1nlYgDCS1FRnbzlw"));

        Assert.Equal(
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
            Base64Url.EncodeToString(body));
    }

    [Fact]
    public void A_receiver_decrypts_what_was_encrypted_for_it()
    {
        using var receiver = new WebPushReceiver();
        var plaintext = Encoding.UTF8.GetBytes("""{"title":"Olá 👋","body":"Order 42 is on its way."}""");

        var body = WebPushEncryption.Encrypt(plaintext, receiver.PublicKey, receiver.Auth);

        Assert.Equal(plaintext, receiver.Decrypt(body));
        Assert.Equal(86 + plaintext.Length + 1 + 16, body.Length);
    }

    [Fact]
    public void Every_message_uses_a_fresh_key_and_salt()
    {
        using var receiver = new WebPushReceiver();

        var first = WebPushEncryption.Encrypt("same"u8, receiver.PublicKey, receiver.Auth);
        var second = WebPushEncryption.Encrypt("same"u8, receiver.PublicKey, receiver.Auth);

        Assert.NotEqual(first[..86], second[..86]);
        Assert.Equal(receiver.Decrypt(first), receiver.Decrypt(second));
    }

    [Fact]
    public void Another_receiver_cannot_decrypt()
    {
        using var receiver = new WebPushReceiver();
        using var other = new WebPushReceiver();

        var body = WebPushEncryption.Encrypt("secret"u8, receiver.PublicKey, receiver.Auth);

        Assert.ThrowsAny<CryptographicException>(() => other.Decrypt(body));
    }

    [Fact]
    public void The_largest_payload_fits_in_4096_bytes_and_one_more_byte_is_refused()
    {
        using var receiver = new WebPushReceiver();

        var body = WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextBytes], receiver.PublicKey, receiver.Auth);

        Assert.Equal(4096, body.Length);
        Assert.Throws<ArgumentException>(() => WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextBytes + 1], receiver.PublicKey, receiver.Auth));
    }
}
