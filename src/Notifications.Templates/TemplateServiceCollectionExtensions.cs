using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Templates.Files;
using Notifications.Templates.Rendering;

namespace Notifications.Templates;

public static class TemplateServiceCollectionExtensions
{
    /// <summary>
    /// Templates from the folder in <c>Notifications:Templates:Directory</c> (loaded and validated at start-up) as the
    /// <see cref="ITemplateProvider"/>, and the sandboxed Scriban renderer as the <see cref="ITemplateRenderer"/>.
    /// </summary>
    public static IServiceCollection AddNotificationTemplates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TemplateOptions>()
            .Bind(configuration.GetSection(TemplateOptions.Section))
            .Validate(options => !string.IsNullOrWhiteSpace(options.Directory), $"{TemplateOptions.Section}:Directory must not be empty")
            .Validate(options => options.MaxFieldLength > 0, $"{TemplateOptions.Section}:MaxFieldLength must be positive")
            .Validate(options => options.RenderTimeout > TimeSpan.Zero, $"{TemplateOptions.Section}:RenderTimeout must be positive")
            .Validate(options => options.LoopLimit >= 0, $"{TemplateOptions.Section}:LoopLimit must not be negative")
            .Validate(options => options.RecursiveLimit > 0, $"{TemplateOptions.Section}:RecursiveLimit must be positive")
            .Validate(options => options.ActiveVersionRefresh >= TimeSpan.Zero, $"{TemplateOptions.Section}:ActiveVersionRefresh must not be negative")
            .ValidateOnStart();

        services.TryAddSingleton<FileTemplateProvider>();
        services.TryAddSingleton<ITemplateProvider>(provider => provider.GetRequiredService<FileTemplateProvider>());
        services.TryAddSingleton<ScribanTemplateRenderer>();
        services.TryAddSingleton<ITemplateRenderer>(provider => provider.GetRequiredService<ScribanTemplateRenderer>());
        services.AddHostedService<TemplateFolderStartup>();
        return services;
    }
}
