using System.Globalization;
using Notifications.Templates.Validation;

namespace Notifications.Templates.Rendering;

/// <summary>The culture and time zone a recipient reads numbers, amounts and dates in.</summary>
internal sealed record RecipientFormat(CultureInfo Culture, TimeZoneInfo TimeZone)
{
    public static readonly RecipientFormat Invariant = new(CultureInfo.InvariantCulture, TimeZoneInfo.Utc);

    /// <summary>The recipient's own locale and zone; the template's locale when the recipient has none; UTC without a zone.</summary>
    public static RecipientFormat For(UserProfile recipient, string templateLocale) => new(
        CultureOf(recipient.Locale) ?? CultureOf(templateLocale) ?? CultureInfo.InvariantCulture,
        recipient.TimeZone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : TimeZoneInfo.Utc);

    private static CultureInfo? CultureOf(string? locale)
    {
        if (!TemplateValidator.IsLocale(locale))
        {
            return null;
        }

        try
        {
            return CultureInfo.GetCultureInfo(locale!);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }
}
