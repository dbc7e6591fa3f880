namespace Notifications.Benchmarks.Hosting;

/// <summary>
/// The cluster hosting: the schema migrated into an empty database, two <c>Notifications.Silo</c> processes (PostgreSQL
/// storage and reminders, Redis membership) and <c>Notifications.Api</c> as a pure Orleans client. The memory figure is
/// the sum over both silos.
/// </summary>
public sealed class ClusterTarget : IBenchmarkTarget
{
    private const int SiloCount = 2;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly List<ChildProcess> silos;
    private readonly ChildProcess api;

    private ClusterTarget(List<ChildProcess> silos, ChildProcess api, Uri address)
    {
        this.silos = silos;
        this.api = api;
        ApiAddress = address;
    }

    public Uri ApiAddress { get; }

    public string Description =>
        $"{SiloCount} Notifications.Silo processes (PostgreSQL storage and reminders, Redis membership) and Notifications.Api as a client, all Release";

    public IReadOnlyList<ChildProcess> SiloHosts => silos;

    public IReadOnlyList<ChildProcess> Processes => [.. silos, api];

    public static async Task<ClusterTarget> StartAsync(TargetSettings settings, HttpClient probe, CancellationToken ct)
    {
        var services = settings.Services ?? throw new InvalidOperationException("The cluster hosting needs PostgreSQL and Redis.");
        await services.ResetAsync(ct);

        var shared = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Notifications__Hosting"] = "Cluster",
            ["ConnectionStrings__Postgres"] = services.PostgresConnectionString,
            ["ConnectionStrings__Redis"] = services.RedisConnectionString,
            ["Notifications__Cluster__ClusterId"] = $"bench-run{settings.RunNumber}",
        };

        await ExternalCommand.RunAsync(
            "dotnet", [settings.Repository.SiloAssembly, "migrate"], Path.GetDirectoryName(settings.Repository.SiloAssembly)!, With(shared, ProductEnvironment.ForApi(0, settings, "Cluster")), ct);

        var started = new List<ChildProcess>();
        try
        {
            var health = new List<Uri>();
            for (var index = 1; index <= SiloCount; index++)
            {
                // A silo serves /health/live and /health/ready on ASPNETCORE_URLS.
                var healthPort = ProductEnvironment.FreePort();
                health.Add(new Uri($"http://127.0.0.1:{healthPort}/health/ready"));
                var environment = With(shared, ProductEnvironment.ForApi(healthPort, settings, "Cluster"));
                environment["Notifications__Silo__SiloPort"] = ProductEnvironment.Text(ProductEnvironment.FreePort());
                environment["Notifications__Silo__GatewayPort"] = ProductEnvironment.Text(ProductEnvironment.FreePort());
                environment["Notifications__Silo__AdvertisedAddress"] = "127.0.0.1";
                started.Add(ChildProcess.Start($"silo{index}-run{settings.RunNumber}", settings.Repository.SiloAssembly, environment, settings.WorkDirectory));
            }

            foreach (var (silo, ready) in started.Zip(health))
            {
                await silo.WaitUntilHealthyAsync(probe, ready, StartTimeout, ct);
            }

            var port = ProductEnvironment.FreePort();
            var api = ChildProcess.Start($"api-run{settings.RunNumber}", settings.Repository.ApiAssembly, With(shared, ProductEnvironment.ForApi(port, settings, "Cluster")), settings.WorkDirectory);
            started.Add(api);
            var address = new Uri($"http://127.0.0.1:{port}");
            await api.WaitUntilHealthyAsync(probe, new Uri(address, "/health/ready"), StartTimeout, ct);
            return new ClusterTarget(started[..SiloCount], api, address);
        }
        catch
        {
            foreach (var process in started)
            {
                await process.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The client first, so nothing is sent to silos that are leaving.
        await api.DisposeAsync();
        await Task.WhenAll(silos.Select(silo => silo.DisposeAsync().AsTask()));
    }

    private static Dictionary<string, string> With(Dictionary<string, string> shared, Dictionary<string, string> specific)
    {
        var merged = new Dictionary<string, string>(specific);
        foreach (var (key, value) in shared)
        {
            merged[key] = value;
        }

        return merged;
    }
}
