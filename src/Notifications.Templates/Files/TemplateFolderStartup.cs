using Microsoft.Extensions.Hosting;

namespace Notifications.Templates.Files;

/// <summary>
/// Loads the template folder while the host starts, so that a broken template stops the start, not a later send;
/// then renders each shipped template once, so the first real send pays for neither compilation nor the renderer's
/// JIT — a cold first render on a busy machine could otherwise exceed the render time limit and fail for good.
/// </summary>
internal sealed class TemplateFolderStartup(FileTemplateProvider provider, ITemplateRenderer renderer) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        var recipient = new UserProfile("Warm-up", "warm-up@localhost");
        foreach (var templates in provider.All)
        {
            foreach (var channel in templates.Channels)
            {
                // The outcome does not matter: templates that need data may fail here without an empty model.
                _ = renderer.Render(templates, channel, new TemplateModel("warm-up", templates.Type, "{}", recipient));
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
