namespace Notifications.Grains.Templates;

/// <summary>The notification types a tenant has, kept so that they can be listed. Keyed by tenant.</summary>
[Alias("notifications.ITemplateCatalogGrain")]
public interface ITemplateCatalogGrain : IGrainWithStringKey
{
    /// <summary>Records a type made through the API; false when the tenant already has <c>MaxTypes</c> of them.</summary>
    Task<bool> Add(string type);

    Task Remove(string type);

    /// <summary>Every type the tenant may have: those made through the API and those of the template folder, sorted.</summary>
    Task<IReadOnlyList<string>> GetTypes();
}
