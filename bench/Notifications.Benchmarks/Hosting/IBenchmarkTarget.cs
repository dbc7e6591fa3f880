namespace Notifications.Benchmarks.Hosting;

/// <summary>The product, started on loopback for one run, and stopped (with everything it started) on dispose.</summary>
public interface IBenchmarkTarget : IAsyncDisposable
{
    /// <summary>The API's base address.</summary>
    Uri ApiAddress { get; }

    /// <summary>A one-line description for the report: what runs where.</summary>
    string Description { get; }

    /// <summary>The processes that host silos: their resident memory is the memory figure.</summary>
    IReadOnlyList<ChildProcess> SiloHosts { get; }

    /// <summary>Every process this target started, for an emergency stop.</summary>
    IReadOnlyList<ChildProcess> Processes { get; }
}

/// <summary>
/// What every target needs from the run: where the providers are, the API key to accept, where logs go; and for a cluster,
/// its PostgreSQL and Redis.
/// </summary>
public sealed record TargetSettings(
    RepositoryLayout Repository, ProviderEndpoints Providers, string ApiKey, string WorkDirectory, int RunNumber, ClusterServices? Services);

/// <summary>Where the fake providers listen: the SMTP sink, and the fake Twilio for SMS.</summary>
public sealed record ProviderEndpoints(int SmtpPort, Uri TwilioBaseUrl, Uri TwilioStatusCallbackUrl);
