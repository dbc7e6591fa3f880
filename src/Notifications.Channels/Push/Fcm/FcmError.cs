using System.Text.Json;

namespace Notifications.Channels.Push.Fcm;

/// <summary>
/// The parts of an FCM error body that decide what to do: the Google status, the FCM error code
/// (<c>error.details[@type=…FcmError].errorCode</c>), the message, and whether a bad request names the token.
/// </summary>
public sealed record FcmError(string? Status, string? ErrorCode, string? Message, bool ConcernsToken)
{
    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    /// <summary>The error in <paramref name="body"/>, or null when the body is not a Google API error.</summary>
    public static FcmError? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var status = StringOf(error, "status");
            var message = StringOf(error, "message");
            string? errorCode = null;
            var concernsToken = message?.Contains("registration token", StringComparison.OrdinalIgnoreCase) == true;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
                {
                    switch (StringOf(detail, "@type"))
                    {
                        case FcmErrorType:
                            errorCode ??= StringOf(detail, "errorCode");
                            break;
                        case BadRequestType when detail.TryGetProperty("fieldViolations", out var violations) && violations.ValueKind == JsonValueKind.Array:
                            concernsToken |= violations.EnumerateArray().Any(v =>
                                v.ValueKind == JsonValueKind.Object && StringOf(v, "field") == "message.token");
                            break;
                    }
                }
            }

            return new FcmError(status, errorCode, message, concernsToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
