using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Channels.Http;

/// <summary>Compact JWS with ES256, the one form APNs and VAPID both use.</summary>
internal static class Jwt
{
    public static string SignEs256(ReadOnlySpan<byte> headerJson, ReadOnlySpan<byte> claimsJson, ECDsa key)
    {
        var signingInput = $"{Base64Url.EncodeToString(headerJson)}.{Base64Url.EncodeToString(claimsJson)}";
        // .NET signs in the IEEE P1363 form (r || s) that JWS expects.
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }
}
