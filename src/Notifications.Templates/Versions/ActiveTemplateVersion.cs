namespace Notifications.Templates.Versions;

/// <summary>
/// Which version of a type is active for a tenant (null: none, the type cannot be used), stamped with a revision that
/// grows with every change, so that an older answer never replaces a newer one in a cache.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.active-template-version")]
public sealed record ActiveTemplateVersion(int? Version, long Revision);
