using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Grains.Notifications;

/// <summary>A stable hash of a request's content: equal requests have equal fingerprints, whatever their list types.</summary>
internal static class RequestFingerprint
{
    public static string Of(SendNotification request)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new
        {
            request.UserId,
            request.Type,
            request.DataJson,
            Channels = request.Channels?.ToArray(),
            request.Priority,
        });
        return Convert.ToHexString(SHA256.HashData(canonical));
    }
}
