using Notifications.Templates;
using Notifications.Templates.Files;
using Notifications.Templates.Validation;
using Notifications.Templates.Versions;

namespace Notifications.Grains.Templates;

/// <summary>
/// The silo's <see cref="ITemplateProvider"/>: each tenant's types as their <see cref="ITemplateGrain"/> has them, through
/// this silo's <see cref="TemplateVersionCache"/>. Once a version was used here, rendering it asks no grain and reads
/// nothing; version 1 comes straight from the template folder.
/// </summary>
public sealed class GrainTemplateProvider(IGrainFactory grains, TemplateVersionCache cache, FileTemplateProvider folder) : ITemplateProvider
{
    public async ValueTask<TemplateSet?> GetActiveAsync(string tenant, string type, CancellationToken ct)
    {
        if (!TemplateValidator.IsTypeName(type))
        {
            return null;
        }

        var version = await cache.GetActiveVersionAsync(tenant, type, () => Grain(tenant, type).GetActiveVersion(), ct);
        return version is { } active ? await GetVersionAsync(tenant, type, active, ct) : null;
    }

    public ValueTask<TemplateSet?> GetVersionAsync(string tenant, string type, int version, CancellationToken ct)
    {
        if (version == TemplateFolder.FileVersion)
        {
            return ValueTask.FromResult(folder.Find(type));
        }

        return TemplateValidator.IsTypeName(type)
            ? cache.GetVersionAsync(tenant, type, version, () => Grain(tenant, type).GetVersion(version), ct)
            : ValueTask.FromResult<TemplateSet?>(null);
    }

    private ITemplateGrain Grain(string tenant, string type) => grains.GetGrain<ITemplateGrain>(GrainKeys.Compose(tenant, type));
}
