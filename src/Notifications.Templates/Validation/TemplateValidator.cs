using System.Text.RegularExpressions;
using Notifications.Templates.Fields;
using Notifications.Templates.Rendering;

namespace Notifications.Templates.Validation;

/// <summary>
/// Checks a <see cref="TemplateSet"/> before it is used: its names, that every channel has the fields it needs, and
/// that every Scriban source parses. Used by the template folder at start-up and by the template API (a 400 answer).
/// </summary>
public static partial class TemplateValidator
{
    /// <summary>The longest Scriban source one field may have, in characters.</summary>
    public const int MaxSourceLength = 256 * 1024;

    public static IReadOnlyList<TemplateError> Validate(TemplateSet set)
    {
        var errors = new List<TemplateError>();
        if (!IsName(set.Type))
        {
            errors.Add(new($"type '{set.Type}' must be 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }

        if (set.Version < 1)
        {
            errors.Add(new("version must be 1 or more"));
        }

        if (!IsName(set.Category))
        {
            errors.Add(new($"category '{set.Category}' must be 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }

        if (!Enum.IsDefined(set.DefaultPriority))
        {
            errors.Add(new("defaultPriority must be critical, standard or bulk"));
        }

        foreach (var duplicate in set.Locales.Keys.GroupBy(locale => locale, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1))
        {
            errors.Add(new($"locale '{duplicate.Key}' is given more than once (locales are case-insensitive)"));
        }

        if (!set.Locales.TryGetValue(set.DefaultLocale, out var defaultTemplates))
        {
            errors.Add(new($"defaultLocale '{set.DefaultLocale}' has no templates"));
        }
        else if (defaultTemplates.Channels.Count == 0)
        {
            errors.Add(new($"defaultLocale '{set.DefaultLocale}' has no channel templates", set.DefaultLocale));
        }

        foreach (var (locale, templates) in set.Locales)
        {
            if (!IsLocale(locale))
            {
                errors.Add(new($"'{locale}' is not a locale such as en or pt-BR", locale));
                continue;
            }

            foreach (var (channel, template) in templates.Channels)
            {
                if (!Enum.IsDefined(channel))
                {
                    errors.Add(new($"unknown channel {channel}", locale));
                    continue;
                }

                if (defaultTemplates is not null && !ReferenceEquals(templates, defaultTemplates) && !defaultTemplates.Channels.ContainsKey(channel))
                {
                    errors.Add(new($"the default locale '{set.DefaultLocale}' has no {channel.ToWireName()} template, so this one would never be used", locale, channel));
                }

                ValidateChannel(errors, locale, channel, template);
            }
        }

        return errors;
    }

    /// <summary>The parse errors of one Scriban source, with 1-based lines and columns.</summary>
    public static IReadOnlyList<TemplateError> ValidateSource(string source, string? locale = null, Channel? channel = null, TemplateField? field = null)
    {
        if (source.Length > MaxSourceLength)
        {
            return [new($"is {source.Length} characters long; the limit is {MaxSourceLength}", locale, channel, field)];
        }

        var template = ScribanSyntax.Parse(source);
        return template.HasErrors
            ? [.. template.Messages
                .Where(message => message.Type == Scriban.Parsing.ParserMessageType.Error)
                .Select(message => new TemplateError(message.Message, locale, channel, field, message.Span.Start.Line + 1, message.Span.Start.Column + 1))]
            : [];
    }

    private static void ValidateChannel(List<TemplateError> errors, string locale, Channel channel, ChannelTemplate template)
    {
        foreach (var field in Enum.GetValues<TemplateField>())
        {
            var source = template.SourceOf(field);
            if (source is null)
            {
                continue;
            }

            if (!ChannelFields.IsAllowed(channel, field))
            {
                errors.Add(new($"{channel.ToWireName()} has no {field.ToWireName()} field", locale, channel, field));
                continue;
            }

            errors.AddRange(ValidateSource(source, locale, channel, field));
        }

        if (ChannelFields.MissingRequired(channel, field => !string.IsNullOrWhiteSpace(template.SourceOf(field))) is { } missing)
        {
            errors.Add(new(missing, locale, channel));
        }
    }

    /// <summary>Whether a notification type name is valid: 1-64 lowercase letters, digits, '.', '_' or '-'.</summary>
    public static bool IsTypeName(string? value) => IsName(value);

    private static bool IsName(string? value) => value is not null && Name().IsMatch(value);

    internal static bool IsLocale(string? value) => value is not null && Locale().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex Name();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex Locale();
}
