using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifications.Contracts;

/// <summary>
/// The rules every request obeys, checked by the API (to answer 400 early) and again by the grains
/// (Orleans-client callers skip the API, and nothing a caller sends may break a silo).
/// </summary>
public static partial class RequestValidation
{
    public const int MaxIdLength = 128;
    public const int MaxDataBytes = 200 * 1024;

    public static IReadOnlyList<ValidationError> Validate(SendNotification request)
    {
        var errors = new List<ValidationError>();
        CheckId(errors, "userId", request.UserId);
        if (string.IsNullOrWhiteSpace(request.Type))
        {
            errors.Add(new("type", "is required"));
        }
        else if (!TypeName().IsMatch(request.Type))
        {
            errors.Add(new("type", "must be 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }

        if (request.DataJson is { } data)
        {
            CheckData(errors, data);
        }

        if (request.Channels is { } channels)
        {
            if (channels.Count == 0)
            {
                errors.Add(new("channels", "must name at least one channel when given"));
            }
            else if (channels.Distinct().Count() != channels.Count)
            {
                errors.Add(new("channels", "must not name a channel twice"));
            }
            else if (channels.Any(channel => !Enum.IsDefined(channel)))
            {
                errors.Add(new("channels", "names an unknown channel"));
            }
        }

        if (request.Priority is { } priority && !Enum.IsDefined(priority))
        {
            errors.Add(new("priority", "must be critical, standard or bulk"));
        }

        return errors;
    }

    public static IReadOnlyList<ValidationError> Validate(string userId, UserProfile profile)
    {
        var errors = new List<ValidationError>();
        CheckId(errors, "userId", userId);
        if (profile.Name is { Length: > 200 })
        {
            errors.Add(new("name", "must be at most 200 characters"));
        }

        if (profile.Email is { } email && !IsEmailAddress(email))
        {
            errors.Add(new("email", "is not a valid email address"));
        }

        if (profile.Phone is { } phone && !E164().IsMatch(phone))
        {
            errors.Add(new("phone", "must be an E.164 number such as +14155550123"));
        }

        if (profile.Locale is { } locale && !LocaleName().IsMatch(locale))
        {
            errors.Add(new("locale", "must be a BCP 47 tag such as en or pt-BR"));
        }

        if (profile.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add(new("timeZone", "must be an IANA time zone such as Europe/Berlin"));
        }

        if (profile.WebhookUrl is { } webhook
            && (webhook.Length > 2048 || !Uri.TryCreate(webhook, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
        {
            errors.Add(new("webhookUrl", "must be an absolute https URL of at most 2048 characters"));
        }

        return errors;
    }

    /// <summary>A single mailbox, no display name, no CR/LF (which would let a caller add headers).</summary>
    public static bool IsEmailAddress(string value) =>
        value.Length is > 2 and <= 254
        && !value.AsSpan().ContainsAny('\r', '\n')
        && MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value
        && parsed.DisplayName.Length == 0;

    private static void CheckId(List<ValidationError> errors, string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(new(field, "is required"));
        }
        else if (id.Length > MaxIdLength || !IdCharacters().IsMatch(id))
        {
            errors.Add(new(field, $"must be 1-{MaxIdLength} letters, digits, '.', '_', '-', '@' or ':'"));
        }
    }

    private static void CheckData(List<ValidationError> errors, string data)
    {
        if (data.Length > MaxDataBytes)
        {
            errors.Add(new("data", $"must be at most {MaxDataBytes / 1024} KB"));
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("data", "must be a JSON object"));
            }
        }
        catch (JsonException exception)
        {
            errors.Add(new("data", $"is not valid JSON: {exception.Message}"));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._@:-]+$")]
    private static partial Regex IdCharacters();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocaleName();
}
