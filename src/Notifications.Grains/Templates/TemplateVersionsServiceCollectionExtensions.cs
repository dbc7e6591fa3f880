using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Templates;
using Notifications.Templates.Versions;

namespace Notifications.Grains.Templates;

public static class TemplateVersionsServiceCollectionExtensions
{
    /// <summary>
    /// Versioned templates per tenant, stored by the <see cref="ITemplateGrain"/>s, as the silo's <see cref="ITemplateProvider"/>
    /// in place of the folder alone (which stays version 1 of its types). Call after <c>AddNotificationTemplates</c>.
    /// </summary>
    public static IServiceCollection AddTemplateVersions(this IServiceCollection services)
    {
        services.TryAddSingleton<TemplateVersionCache>();
        services.TryAddSingleton<GrainTemplateProvider>();
        services.Replace(ServiceDescriptor.Singleton<ITemplateProvider>(provider => provider.GetRequiredService<GrainTemplateProvider>()));
        return services;
    }
}
