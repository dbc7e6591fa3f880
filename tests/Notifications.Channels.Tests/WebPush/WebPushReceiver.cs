using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Notifications.Channels.WebPush;

namespace Notifications.Channels.Tests.WebPush;

/// <summary>
/// The browser's side of RFC 8291, written here independently of the product's code (HMAC steps instead of the HKDF
/// helper) to check its ciphertext: a receiver key pair, an auth secret, and decryption.
/// </summary>
internal sealed class WebPushReceiver : IDisposable
{
    public WebPushReceiver()
    {
        Key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parameters = Key.ExportParameters(false);
        PublicKey = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
        Auth = RandomNumberGenerator.GetBytes(16);
    }

    public ECDiffieHellman Key { get; }

    public byte[] PublicKey { get; }

    public byte[] Auth { get; }

    public string SubscriptionJson(string endpoint) => new System.Text.Json.Nodes.JsonObject
    {
        ["endpoint"] = endpoint,
        ["keys"] = new System.Text.Json.Nodes.JsonObject
        {
            ["p256dh"] = System.Buffers.Text.Base64Url.EncodeToString(PublicKey),
            ["auth"] = System.Buffers.Text.Base64Url.EncodeToString(Auth),
        },
    }.ToJsonString();

    public byte[] Decrypt(byte[] body)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var keyIdLength = body[20];
        var senderPublic = body[21..(21 + keyIdLength)];
        var record = body[(21 + keyIdLength)..];
        if (record.Length > recordSize)
        {
            throw new CryptographicException("The record is larger than the announced record size.");
        }

        using var sender = ECDiffieHellman.Create(WebPushEncryption.PublicKeyParameters(senderPublic));
        var shared = Key.DeriveRawSecretAgreement(sender.PublicKey);
        var keyInfo = Encoding.ASCII.GetBytes("WebPush: info\0").Concat(PublicKey).Concat(senderPublic).Append((byte)1).ToArray();
        var inputKeyMaterial = HMACSHA256.HashData(HMACSHA256.HashData(Auth, shared), keyInfo);
        var pseudoRandomKey = HMACSHA256.HashData(salt, inputKeyMaterial);
        var contentKey = HMACSHA256.HashData(pseudoRandomKey, Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0\u0001"))[..16];
        var nonce = HMACSHA256.HashData(pseudoRandomKey, Encoding.ASCII.GetBytes("Content-Encoding: nonce\0\u0001"))[..12];

        var padded = new byte[record.Length - 16];
        using var aes = new AesGcm(contentKey, 16);
        aes.Decrypt(nonce, record[..^16], record[^16..], padded);
        var end = Array.LastIndexOf(padded, (byte)0x02);
        if (end < 0 || padded[(end + 1)..].Any(b => b != 0))
        {
            throw new CryptographicException("The last record has no 0x02 delimiter.");
        }

        return padded[..end];
    }

    public void Dispose() => Key.Dispose();
}
