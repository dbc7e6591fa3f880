using Microsoft.Extensions.Hosting;

namespace Notifications.Templates.Files;

/// <summary>Loads the template folder while the host starts, so that a broken template stops the start, not a later send.</summary>
internal sealed class TemplateFolderStartup(FileTemplateProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        // Constructing this service created the provider, which loaded and validated the folder.
        GC.KeepAlive(provider);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
