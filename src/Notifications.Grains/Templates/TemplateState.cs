using Notifications.Templates;

namespace Notifications.Grains.Templates;

/// <summary>
/// A type's index, rewritten on every change: the versions kept (without their sources), which one is active and the
/// numbers given so far. Each version's templates are stored once, in a <see cref="TemplateVersionState"/> of their own.
/// </summary>
[GenerateSerializer, Alias("notifications.template-index-state")]
public sealed class TemplateIndexState
{
    /// <summary>Versions saved through the API and still kept, oldest first.</summary>
    [Id(0)] public List<TemplateVersionInfo> Versions { get; set; } = [];

    /// <summary>The version chosen as active; null means the folder's version, if the folder has this type.</summary>
    [Id(1)] public int? ActiveVersion { get; set; }

    /// <summary>Deleted: no version is active, whatever the folder holds, until a save or an activation.</summary>
    [Id(2)] public bool Deleted { get; set; }

    /// <summary>The highest number given, even if that version was forgotten since: numbers are never reused.</summary>
    [Id(3)] public int LatestVersion { get; set; }

    /// <summary>Grows with every change of the active version, so that silos can tell a newer answer from an older one.</summary>
    [Id(4)] public long Revision { get; set; }
}

/// <summary>One version's templates, written once when the version is made.</summary>
[GenerateSerializer, Alias("notifications.template-version-state")]
public sealed class TemplateVersionState
{
    [Id(0)] public TemplateSet? Templates { get; set; }
}

/// <summary>The types a tenant made through the API and has not deleted, in ordinal order.</summary>
[GenerateSerializer, Alias("notifications.template-catalog-state")]
public sealed class TemplateCatalogState
{
    [Id(0)] public List<string> Types { get; set; } = [];
}
