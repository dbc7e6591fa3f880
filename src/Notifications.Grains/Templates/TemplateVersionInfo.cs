using Notifications.Templates;

namespace Notifications.Grains.Templates;

/// <summary>Where a version came from.</summary>
[GenerateSerializer, Alias("notifications.template-source")]
public enum TemplateSource
{
    /// <summary>The template folder, loaded at start: version 1, the same for every tenant.</summary>
    File = 0,

    /// <summary>Saved through the API (or the Orleans client) for one tenant.</summary>
    Api = 1,
}

/// <summary>One version as listed: its number, origin and what it covers, without its sources.</summary>
[GenerateSerializer, Immutable, Alias("notifications.template-version-info")]
public sealed record TemplateVersionInfo(
    int Version,
    TemplateSource Source,
    DateTimeOffset? CreatedAt,
    string Category,
    Priority DefaultPriority,
    string DefaultLocale,
    IReadOnlyList<string> Locales,
    IReadOnlyList<Channel> Channels,
    string Fingerprint);

/// <summary>A version with its templates.</summary>
[GenerateSerializer, Immutable, Alias("notifications.template-version-details")]
public sealed record TemplateVersionDetails(TemplateVersionInfo Info, bool Active, TemplateSet Templates);

/// <summary>A type's kept versions, oldest first; <paramref name="ActiveVersion"/> is null when the type cannot be used.</summary>
[GenerateSerializer, Immutable, Alias("notifications.template-history")]
public sealed record TemplateHistory(string Type, int? ActiveVersion, bool Deleted, IReadOnlyList<TemplateVersionInfo> Versions);
