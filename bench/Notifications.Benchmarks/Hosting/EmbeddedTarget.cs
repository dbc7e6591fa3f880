namespace Notifications.Benchmarks.Hosting;

/// <summary>The embedded hosting: one API process that co-hosts one in-memory silo, so its memory is the silo's.</summary>
public sealed class EmbeddedTarget : IBenchmarkTarget
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ChildProcess api;

    private EmbeddedTarget(ChildProcess api, Uri address)
    {
        this.api = api;
        ApiAddress = address;
    }

    public Uri ApiAddress { get; }

    public string Description => "Notifications.Api (Release) co-hosting one silo, in-memory storage and reminders";

    public IReadOnlyList<ChildProcess> SiloHosts => [api];

    public IReadOnlyList<ChildProcess> Processes => [api];

    public static async Task<EmbeddedTarget> StartAsync(TargetSettings settings, HttpClient probe, CancellationToken ct)
    {
        var port = ProductEnvironment.FreePort();
        var environment = ProductEnvironment.ForApi(port, settings, "Embedded");
        environment["Notifications__Silo__SiloPort"] = ProductEnvironment.Text(ProductEnvironment.FreePort());
        environment["Notifications__Silo__GatewayPort"] = ProductEnvironment.Text(ProductEnvironment.FreePort());

        var api = ChildProcess.Start($"api-run{settings.RunNumber}", settings.Repository.ApiAssembly, environment, settings.WorkDirectory);
        var address = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await api.WaitUntilHealthyAsync(probe, new Uri(address, "/health/ready"), StartTimeout, ct);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return new EmbeddedTarget(api, address);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();
}
