using Notifications.Grains.Hosting;

namespace Notifications.Api.Extensions;

/// <summary>
/// Where the grains run. <c>Notifications:Hosting</c> = <c>Embedded</c> (default: this process co-hosts one silo,
/// in memory) or <c>Cluster</c> (this process is a pure Orleans client of separate silos).
/// </summary>
public static class HostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddNotificationsHosting(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var hosting = builder.Configuration["Notifications:Hosting"] ?? "Embedded";
        if (hosting.Equals("Cluster", StringComparison.OrdinalIgnoreCase))
        {
            return builder.AddNotificationsClusterClient();
        }

        if (!hosting.Equals("Embedded", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Notifications:Hosting '{hosting}' is not supported; use Embedded or Cluster.");
        }

        var siloOptions = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        builder.Services.AddNotificationsGrainServices(builder.Configuration);
        builder.UseOrleans(silo => silo.UseEmbeddedHosting(siloOptions));
        return builder;
    }
}
