using System.Buffers.Text;
using System.Security.Cryptography;

namespace Notifications.Channels.WebPush;

/// <summary>
/// The application server's VAPID key pair (P-256). Browsers subscribe with <see cref="PublicKey"/> as
/// <c>applicationServerKey</c>; every push is signed with the private key.
/// </summary>
public sealed class VapidKeys : IDisposable
{
    private VapidKeys(ECDsa signingKey, bool generated)
    {
        SigningKey = signingKey;
        PublicKeyBytes = WebPushEncryption.UncompressedPoint(signingKey.ExportParameters(includePrivateParameters: false));
        PublicKey = Base64Url.EncodeToString(PublicKeyBytes);
        IsGenerated = generated;
    }

    /// <summary>The public key as base64url of the 65-byte uncompressed point: what browsers and the <c>k=</c> parameter take.</summary>
    public string PublicKey { get; }

    public byte[] PublicKeyBytes { get; }

    /// <summary>True when the pair was generated at start-up: subscriptions made with it break when the process restarts.</summary>
    public bool IsGenerated { get; }

    internal ECDsa SigningKey { get; }

    /// <summary>Loads a key pair given as base64url: the 65-byte public point and the 32-byte private scalar.</summary>
    /// <exception cref="ArgumentException">The keys are malformed or do not belong together.</exception>
    public static VapidKeys FromBase64Url(string publicKey, string privateKey)
    {
        byte[] point, scalar;
        try
        {
            point = Base64Url.DecodeFromChars(publicKey.Trim());
            scalar = Base64Url.DecodeFromChars(privateKey.Trim());
        }
        catch (FormatException invalid)
        {
            throw new ArgumentException("The VAPID keys are not base64url.", invalid);
        }

        if (scalar.Length != 32)
        {
            throw new ArgumentException("The VAPID private key must be 32 bytes (base64url of the P-256 private scalar).");
        }

        var parameters = WebPushEncryption.PublicKeyParameters(point);
        parameters.D = scalar;
        var key = ECDsa.Create();
        try
        {
            key.ImportParameters(parameters);
            if (!BelongTogether(key, parameters))
            {
                throw new ArgumentException("The VAPID public key does not belong to the private key.");
            }
        }
        catch (CryptographicException invalid)
        {
            key.Dispose();
            throw new ArgumentException($"The VAPID public and private keys do not belong together as a P-256 key pair: {invalid.Message}", invalid);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return new VapidKeys(key, generated: false);
    }

    public static VapidKeys Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), generated: true);

    /// <summary>The private key as base64url of the 32-byte scalar, for writing to a secret store. Never log it.</summary>
    public string ExportPrivateKey() => Base64Url.EncodeToString(SigningKey.ExportParameters(includePrivateParameters: true).D);

    public void Dispose() => SigningKey.Dispose();

    private static bool BelongTogether(ECDsa key, ECParameters parameters)
    {
        using var verifier = ECDsa.Create(new ECParameters { Curve = parameters.Curve, Q = parameters.Q });
        var probe = "vapid key check"u8;
        return verifier.VerifyData(probe, key.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
    }
}
