using Notifications.Grains.Hosting;
using Notifications.Templates.Files;

namespace Notifications.Grains.Templates;

/// <summary>A tenant's list of notification types, so that they can be listed without knowing their names.</summary>
[GrainType("template-catalog")]
public sealed class TemplateCatalogGrain(
    [PersistentState("template-catalog", StorageNames.Templates)] IPersistentState<TemplateCatalogState> catalog,
    FileTemplateProvider folder)
    : Grain, ITemplateCatalogGrain
{
    /// <summary>Types a tenant may make through the API (the folder's do not count).</summary>
    public const int MaxTypes = 1000;

    private List<string> Types => catalog.State.Types;

    public async Task<bool> Add(string type)
    {
        var at = Types.BinarySearch(type, StringComparer.Ordinal);
        if (at >= 0)
        {
            return true;
        }

        if (Types.Count >= MaxTypes)
        {
            return false;
        }

        Types.Insert(~at, type);
        await catalog.WriteStateAsync();
        return true;
    }

    public async Task Remove(string type)
    {
        var at = Types.BinarySearch(type, StringComparer.Ordinal);
        if (at >= 0)
        {
            Types.RemoveAt(at);
            await catalog.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetTypes() => Task.FromResult<IReadOnlyList<string>>(
        [.. Types.Union(folder.All.Select(templates => templates.Type)).Order(StringComparer.Ordinal)]);
}
