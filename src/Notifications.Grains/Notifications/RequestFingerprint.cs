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
        if (request.ScheduleAt is not null || request.SendAtLocal is not null || request.CallbackUrl is not null)
        {
            // Added only when set, so fingerprints stored before these fields existed still match their requests.
            canonical = [.. canonical, .. JsonSerializer.SerializeToUtf8Bytes(new
            {
                ScheduleAt = request.ScheduleAt?.UtcTicks,
                request.SendAtLocal,
                request.CallbackUrl,
            })];
        }

        return Convert.ToHexString(SHA256.HashData(canonical));
    }
}
