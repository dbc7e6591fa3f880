using System.Text.Json;
using Notifications.Templates.Fields;
using Notifications.Templates.Validation;

namespace Notifications.Templates.Files;

/// <summary>
/// Reads templates kept as code: <c>{type}/type.json</c> and <c>{type}/{locale}/{channel}.{field}.sbn</c> under one
/// folder (see <c>templates/README.md</c>). Every set is validated; any problem fails the whole load.
/// </summary>
public static class TemplateFolder
{
    /// <summary>Templates loaded from files are version 1: the folder is replaced as a whole when the app is deployed.</summary>
    public const int FileVersion = 1;

    public const string TypeFileName = "type.json";
    public const string TemplateExtension = ".sbn";

    private static readonly JsonSerializerOptions TypeJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Every notification type in the folder, by type name.</summary>
    /// <exception cref="TemplateFolderException">The folder is missing or any file in it is invalid.</exception>
    public static IReadOnlyDictionary<string, TemplateSet> Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new TemplateFolderException(directory, [$"{directory}: error: the folder does not exist (set {TemplateOptions.Section}:Directory)"]);
        }

        var errors = new List<string>();
        var sets = new Dictionary<string, TemplateSet>(StringComparer.Ordinal);
        foreach (var typeDirectory in System.IO.Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (!IsHidden(typeDirectory) && LoadType(typeDirectory, errors) is { } set)
            {
                sets[set.Type] = set;
            }
        }

        return errors.Count > 0 ? throw new TemplateFolderException(directory, errors) : sets;
    }

    private static TemplateSet? LoadType(string typeDirectory, List<string> errors)
    {
        var type = Path.GetFileName(typeDirectory);
        var typeFile = Path.Combine(typeDirectory, TypeFileName);
        if (!File.Exists(typeFile))
        {
            errors.Add($"{typeFile}: error: missing; every notification type folder needs one, such as "
                + """{"category":"transactional","defaultPriority":"standard","defaultLocale":"en"}""");
            return null;
        }

        var definition = ReadDefinition(typeFile, errors);
        foreach (var misplaced in System.IO.Directory.EnumerateFiles(typeDirectory, "*" + TemplateExtension).Order(StringComparer.Ordinal))
        {
            errors.Add($"{misplaced}: error: templates go in a locale folder, such as {Path.Combine(typeDirectory, "en", Path.GetFileName(misplaced))}");
        }

        var files = new Dictionary<(string Locale, Channel Channel, TemplateField Field), string>();
        var locales = new Dictionary<string, LocaleTemplates>(StringComparer.Ordinal);
        foreach (var localeDirectory in System.IO.Directory.EnumerateDirectories(typeDirectory).Order(StringComparer.Ordinal))
        {
            if (IsHidden(localeDirectory))
            {
                continue;
            }

            var locale = Path.GetFileName(localeDirectory);
            var channels = new Dictionary<Channel, ChannelTemplate>();
            foreach (var file in System.IO.Directory.EnumerateFiles(localeDirectory, "*" + TemplateExtension).Order(StringComparer.Ordinal))
            {
                if (ParseFileName(file, errors) is not { } name)
                {
                    continue;
                }

                var template = channels.GetValueOrDefault(name.Channel) ?? new ChannelTemplate();
                channels[name.Channel] = template.With(name.Field, File.ReadAllText(file));
                files[(locale, name.Channel, name.Field)] = file;
            }

            locales[locale] = new LocaleTemplates(channels);
        }

        if (definition is null)
        {
            return null;
        }

        var set = new TemplateSet(type, FileVersion, definition.Category, definition.DefaultPriority, definition.DefaultLocale, locales);
        var problems = TemplateValidator.Validate(set);
        foreach (var problem in problems)
        {
            errors.Add(Describe(problem, typeDirectory, typeFile, files));
        }

        return problems.Count == 0 ? set : null;
    }

    private static TypeDefinition? ReadDefinition(string typeFile, List<string> errors)
    {
        try
        {
            return JsonSerializer.Deserialize<TypeDefinition>(File.ReadAllText(typeFile), TypeJson)
                ?? throw new JsonException("the file must hold a JSON object, not null");
        }
        catch (JsonException exception)
        {
            var position = exception.LineNumber is { } line ? $"({line + 1},{exception.BytePositionInLine + 1 ?? 1})" : "";
            errors.Add($"{typeFile}{position}: error: {Explain(exception)}");
            return null;
        }
    }

    private static string Explain(JsonException exception) => exception.Path switch
    {
        "$.defaultPriority" => "defaultPriority must be critical, standard or bulk",
        "$.category" or "$.defaultLocale" => $"{exception.Path[2..]} must be a string",
        _ => FirstSentence(exception.Message).Replace(typeof(TypeDefinition).FullName!, TypeFileName, StringComparison.Ordinal)
            + """ (expected {"category":"transactional","defaultPriority":"standard","defaultLocale":"en"})""",
    };

    private static (Channel Channel, TemplateField Field)? ParseFileName(string file, List<string> errors)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('.');
        if (parts.Length == 2
            && ChannelNames.TryParse(parts[0], out var channel) && parts[0] == channel.ToWireName()
            && ChannelFields.TryParse(parts[1], out var field))
        {
            if (ChannelFields.IsAllowed(channel, field))
            {
                return (channel, field);
            }

            errors.Add($"{file}: error: {parts[0]} has no {parts[1]} field; it has "
                + string.Join(", ", ChannelFields.For(channel).Select(allowed => allowed.ToWireName())));
            return null;
        }

        errors.Add($"{file}: error: the name must be {{channel}}.{{field}}{TemplateExtension}, with channel one of "
            + string.Join(", ", Enum.GetValues<Channel>().Select(known => known.ToWireName()))
            + " and field one of " + string.Join(", ", Enum.GetValues<TemplateField>().Select(known => known.ToWireName())));
        return null;
    }

    /// <summary>Points a validation problem at the file it comes from, in the file:line:column form editors and CI understand.</summary>
    private static string Describe(
        TemplateError problem, string typeDirectory, string typeFile, Dictionary<(string, Channel, TemplateField), string> files)
    {
        if (problem is { Locale: { } locale, Channel: { } channel, Field: { } field } && files.TryGetValue((locale, channel, field), out var file))
        {
            var position = problem.Line is null ? "" : $"({problem.Line},{problem.Column})";
            return $"{file}{position}: error: {problem.Message}";
        }

        if (problem.Locale is { } localeOnly)
        {
            var where = Path.Combine(typeDirectory, localeOnly);
            return problem.Channel is { } channelOnly
                ? $"{Path.Combine(where, channelOnly.ToWireName())}.*{TemplateExtension}: error: {problem.Message}"
                : $"{where}: error: {problem.Message}";
        }

        return $"{typeFile}: error: {problem.Message}";
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private sealed record TypeDefinition(string Category, string DefaultLocale, Priority DefaultPriority = Priority.Standard);
}
