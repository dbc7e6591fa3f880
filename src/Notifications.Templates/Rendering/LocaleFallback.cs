namespace Notifications.Templates.Rendering;

/// <summary>Chooses the locale to render in: the recipient's (pt-BR), then its parents (pt), then the type's default.</summary>
public static class LocaleFallback
{
    /// <summary>The locales to try, most specific first, without repeats.</summary>
    public static IReadOnlyList<string> Chain(string? recipientLocale, string defaultLocale)
    {
        var chain = new List<string>();
        for (var tag = recipientLocale?.Trim(); !string.IsNullOrEmpty(tag); tag = Parent(tag))
        {
            chain.Add(tag);
        }

        chain.Add(defaultLocale);
        return [.. chain.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The first locale of the chain that has a template for the channel, as the set spells it, with that template.</summary>
    public static (string Locale, ChannelTemplate Template)? Find(TemplateSet set, Channel channel, string? recipientLocale)
    {
        foreach (var candidate in Chain(recipientLocale, set.DefaultLocale))
        {
            if (LocaleOf(set, candidate) is { } found && found.Templates.Channels.TryGetValue(channel, out var template))
            {
                return (found.Locale, template);
            }
        }

        return null;
    }

    private static (string Locale, LocaleTemplates Templates)? LocaleOf(TemplateSet set, string locale)
    {
        if (set.Locales.TryGetValue(locale, out var exact))
        {
            return (locale, exact);
        }

        foreach (var (name, templates) in set.Locales)
        {
            if (string.Equals(name, locale, StringComparison.OrdinalIgnoreCase))
            {
                return (name, templates);
            }
        }

        return null;
    }

    private static string? Parent(string tag)
    {
        var separator = tag.LastIndexOf('-');
        return separator > 0 ? tag[..separator] : null;
    }
}
