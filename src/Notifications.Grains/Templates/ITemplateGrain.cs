using Notifications.Templates;
using Notifications.Templates.Validation;
using Notifications.Templates.Versions;

namespace Notifications.Grains.Templates;

/// <summary>
/// One notification type of one tenant, keyed <c>{tenant}/{type}</c>: its immutable versions and which one is active.
/// Version 1 is the template folder's, the same for every tenant; versions saved here count on from 2 and override it.
/// </summary>
[Alias("notifications.ITemplateGrain")]
public interface ITemplateGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and stores a new version (its type and number are the grain's to give). It goes live when
    /// <paramref name="activate"/> says so, or, when that is null, only if the type has no active version. Content equal
    /// to the newest version makes no new version.
    /// </summary>
    Task<TemplateSaveResult> Save(TemplateSet draft, bool? activate);

    /// <summary>Which version new notifications use, with the revision of that answer.</summary>
    Task<ActiveTemplateVersion> GetActiveVersion();

    /// <summary>A version's templates, active or not, or null when this type has no such version (any more).</summary>
    Task<TemplateSet?> GetVersion(int version);

    /// <summary>A version with its templates and where it came from; the active one when <paramref name="version"/> is null.</summary>
    Task<TemplateVersionDetails?> GetDetails(int? version);

    /// <summary>Every version kept, oldest first, and which is active; null when the type never existed for this tenant.</summary>
    Task<TemplateHistory?> GetHistory();

    /// <summary>Makes a kept version the active one (a roll-back when it is older); null when there is no such version.</summary>
    Task<TemplateVersionInfo?> Activate(int version);

    /// <summary>
    /// Stops the type from being used by new notifications. Its versions are kept, so notifications already accepted
    /// still render with theirs; a later save or activation brings the type back. False when there was nothing to delete.
    /// </summary>
    Task<bool> Delete();
}

[GenerateSerializer, Alias("notifications.template-save-outcome")]
public enum TemplateSaveOutcome
{
    /// <summary>A new version was stored.</summary>
    Created = 0,

    /// <summary>The content equals the newest version: no new version, that one is returned.</summary>
    Unchanged = 1,

    /// <summary>The templates do not validate; see the errors.</summary>
    Invalid = 2,

    /// <summary>The tenant already has as many types as it may.</summary>
    TooManyTypes = 3,
}

[GenerateSerializer, Immutable, Alias("notifications.template-save-result")]
public sealed record TemplateSaveResult(TemplateSaveOutcome Outcome, TemplateVersionDetails? Version, IReadOnlyList<TemplateError> Errors);
