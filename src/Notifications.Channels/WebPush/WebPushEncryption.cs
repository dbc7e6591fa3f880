using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Channels.WebPush;

/// <summary>
/// Message encryption for web push (RFC 8291) in the aes128gcm content coding (RFC 8188): an ephemeral P-256 key
/// agreed with the subscription's key, mixed with its auth secret, and one record of AES-128-GCM.
/// </summary>
public static class WebPushEncryption
{
    /// <summary>The record size announced in the header; the whole message is one record.</summary>
    public const int RecordSize = 4096;

    /// <summary>
    /// Push services accept 4096 bytes of body: that minus the 86-byte header, the 16-byte tag and the padding delimiter.
    /// </summary>
    public const int MaxPlaintextBytes = 3993;

    private const int PublicKeyLength = 65;
    private const int AuthSecretLength = 16;
    private const int SaltLength = 16;
    private const int TagLength = 16;
    private const byte LastRecordDelimiter = 0x02;

    /// <summary>Encrypts <paramref name="plaintext"/> for the subscription keys (p256dh point and auth secret).</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> subscriptionPublicKey, ReadOnlySpan<byte> authSecret)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Span<byte> salt = stackalloc byte[SaltLength];
        RandomNumberGenerator.Fill(salt);
        return Encrypt(plaintext, subscriptionPublicKey, authSecret, ephemeral, salt);
    }

    /// <summary>With the sender key and salt given, so the RFC 8291 example can be reproduced byte for byte.</summary>
    internal static byte[] Encrypt(
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> subscriptionPublicKey,
        ReadOnlySpan<byte> authSecret,
        ECDiffieHellman senderKey,
        ReadOnlySpan<byte> salt)
    {
        if (plaintext.Length > MaxPlaintextBytes)
        {
            throw new ArgumentException($"Web push payloads are at most {MaxPlaintextBytes} bytes.", nameof(plaintext));
        }

        if (authSecret.Length != AuthSecretLength)
        {
            throw new ArgumentException("The auth secret must be 16 bytes.", nameof(authSecret));
        }

        using var receiver = ECDiffieHellman.Create(PublicKeyParameters(subscriptionPublicKey));
        var senderPublic = UncompressedPoint(senderKey.ExportParameters(includePrivateParameters: false));
        var sharedSecret = senderKey.DeriveRawSecretAgreement(receiver.PublicKey);

        var keyInfo = Concat(Encoding.ASCII.GetBytes("WebPush: info\0"), subscriptionPublicKey, senderPublic);
        var inputKeyMaterial = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, authSecret.ToArray(), keyInfo);
        var pseudoRandomKey = HKDF.Extract(HashAlgorithmName.SHA256, inputKeyMaterial, salt.ToArray());
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 16, Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"));
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 12, Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"));

        var padded = new byte[plaintext.Length + 1];
        plaintext.CopyTo(padded);
        padded[^1] = LastRecordDelimiter;

        // Header: salt (16) | record size (uint32, big endian) | key id length (1) | key id = sender public key (65).
        var headerLength = SaltLength + 4 + 1 + PublicKeyLength;
        var body = new byte[headerLength + padded.Length + TagLength];
        salt.CopyTo(body);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(SaltLength), RecordSize);
        body[SaltLength + 4] = PublicKeyLength;
        senderPublic.CopyTo(body.AsSpan(SaltLength + 5));

        using var aes = new AesGcm(contentKey, TagLength);
        aes.Encrypt(nonce, padded, body.AsSpan(headerLength, padded.Length), body.AsSpan(headerLength + padded.Length, TagLength));
        return body;
    }

    /// <summary>The curve parameters of an uncompressed P-256 point (0x04 | X | Y).</summary>
    /// <exception cref="ArgumentException">The bytes are not an uncompressed P-256 point.</exception>
    internal static ECParameters PublicKeyParameters(ReadOnlySpan<byte> point)
    {
        if (point.Length != PublicKeyLength || point[0] != 0x04)
        {
            throw new ArgumentException("The key is not an uncompressed P-256 point (65 bytes starting with 0x04).", nameof(point));
        }

        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..].ToArray() },
        };
    }

    internal static byte[] UncompressedPoint(ECParameters parameters) => Concat([0x04], parameters.Q.X, parameters.Q.Y);

    private static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third)
    {
        var result = new byte[first.Length + second.Length + third.Length];
        first.CopyTo(result);
        second.CopyTo(result.AsSpan(first.Length));
        third.CopyTo(result.AsSpan(first.Length + second.Length));
        return result;
    }
}
