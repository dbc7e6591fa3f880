using Notifications.Templates.Files;

namespace Notifications.Templates.Versions;

/// <summary>
/// The rules of a notification type's version history, apart from the grain that stores it. Version 1 is the template
/// folder's; versions made through the API count on from 2, so that a number always names the same content.
/// </summary>
public static class TemplateVersioning
{
    /// <summary>How many versions made through the API a type keeps; older ones are forgotten, never the active one.</summary>
    public const int MaxVersionsKept = 50;

    /// <summary>The number of the next version: after the latest ever made (even if forgotten), and never the folder's.</summary>
    public static int Next(int latestVersion) => Math.Max(latestVersion, TemplateFolder.FileVersion) + 1;

    /// <summary>
    /// Whether a saved version goes live at once: when the caller says so, and otherwise only when the type has no active
    /// version to keep (a new type, or one that was deleted). A change to a live type waits for an explicit activation.
    /// </summary>
    public static bool ActivatesOnSave(bool? activate, int? activeVersion) => activate ?? activeVersion is null;

    /// <summary>
    /// The versions to forget so that at most <paramref name="max"/> are kept: the oldest first, never the active one.
    /// <paramref name="kept"/> lists the kept versions, oldest first.
    /// </summary>
    public static IReadOnlyList<int> ToForget(IReadOnlyList<int> kept, int? activeVersion, int max = MaxVersionsKept)
    {
        var excess = kept.Count - max;
        return excess <= 0 ? [] : [.. kept.Where(version => version != activeVersion).Take(excess)];
    }
}
