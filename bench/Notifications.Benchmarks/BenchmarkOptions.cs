using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Notifications.Benchmarks;

/// <summary>Where the grains run in the measured product.</summary>
public enum HostingKind
{
    /// <summary>One API process co-hosting one in-memory silo.</summary>
    Embedded,

    /// <summary>PostgreSQL and Redis, two silo processes and the API as a pure client.</summary>
    Cluster,
}

/// <summary>What to run, parsed from the command line.</summary>
public sealed record BenchmarkOptions(
    HostingKind Hosting,
    int Notifications,
    int Concurrency,
    int Users,
    int Runs,
    TimeSpan DurationLimit,
    TimeSpan PacedDuration,
    int Renders,
    int Scheduled,
    int Bulk,
    int? PostgresPort,
    int? RedisPort,
    string OutputDirectory,
    bool Build)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Notifications.Benchmarks -- --hosting embedded|cluster [options]

          --hosting embedded|cluster   what to start and measure (required)
          --notifications N            notifications in the accept phase (default 20000)
          --concurrency C              requests in flight at once (default 64)
          --users U                    users activated for the memory figure (default 100000)
          --runs R                     independent runs; the report gives their medians (default 3)
          --duration-limit 10m         the whole run stops measuring after this (s, m or h; default 10m)
          --paced-duration 10s         length of the phase at half the delivered rate (default 10s)
          --renders N                  template previews (render only) in the renders phase (default 10000)
          --scheduled N                notifications all due at the same instant in the scheduled phase (default 10000)
          --bulk N                     bulk SMS backlog the critical notifications are sent behind (default 50000)
          --pg-port P, --redis-port P  cluster: ports for PostgreSQL and Redis (default: free ports the system picks)
          --out DIR                    where the JSON and Markdown reports go (default docs/benchmarks)
          --no-build                   use the Release build that is already there
        """;

    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--hosting"] = nameof(Hosting),
        ["--notifications"] = nameof(Notifications),
        ["--concurrency"] = nameof(Concurrency),
        ["--users"] = nameof(Users),
        ["--runs"] = nameof(Runs),
        ["--duration-limit"] = nameof(DurationLimit),
        ["--paced-duration"] = nameof(PacedDuration),
        ["--renders"] = nameof(Renders),
        ["--scheduled"] = nameof(Scheduled),
        ["--bulk"] = nameof(Bulk),
        ["--pg-port"] = nameof(PostgresPort),
        ["--redis-port"] = nameof(RedisPort),
        ["--out"] = nameof(OutputDirectory),
    };

    /// <exception cref="ArgumentException">An option is unknown, missing or out of range; the message says which.</exception>
    public static BenchmarkOptions Parse(string[] args)
    {
        var build = !args.Contains("--no-build");
        var rest = args.Where(arg => arg != "--no-build").ToArray();
        var unknown = rest.Where(arg => arg.StartsWith('-') && !Switches.ContainsKey(arg)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown option {string.Join(", ", unknown)}.");
        }

        if (rest.Length % 2 != 0 || rest.Where((_, index) => index % 2 == 0).Any(arg => !arg.StartsWith('-')))
        {
            throw new ArgumentException("Every option takes one value.");
        }

        var config = new ConfigurationBuilder().AddCommandLine(rest, Switches).Build();
        var hosting = config[nameof(Hosting)] switch
        {
            null => throw new ArgumentException("--hosting is required."),
            var text when Enum.TryParse<HostingKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _) => kind,
            var text => throw new ArgumentException($"--hosting '{text}' is neither embedded nor cluster."),
        };

        return new BenchmarkOptions(
            hosting,
            Count(config, nameof(Notifications), "--notifications", 20_000),
            Count(config, nameof(Concurrency), "--concurrency", 64, max: 4_096),
            Count(config, nameof(Users), "--users", 100_000),
            Count(config, nameof(Runs), "--runs", 3, max: 9),
            Duration(config, nameof(DurationLimit), "--duration-limit", TimeSpan.FromMinutes(10)),
            Duration(config, nameof(PacedDuration), "--paced-duration", TimeSpan.FromSeconds(10)),
            Count(config, nameof(Renders), "--renders", 10_000),
            Count(config, nameof(Scheduled), "--scheduled", 10_000),
            Count(config, nameof(Bulk), "--bulk", 50_000),
            Port(config, nameof(PostgresPort), "--pg-port"),
            Port(config, nameof(RedisPort), "--redis-port"),
            config[nameof(OutputDirectory)] ?? Path.Combine("docs", "benchmarks"),
            build);
    }

    private static int Count(IConfiguration config, string key, string option, int fallback, int max = 10_000_000)
    {
        var text = config[key];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 && value <= max
            ? value
            : throw new ArgumentException($"{option} must be a whole number from 1 to {max:N0}.");
    }

    private static int? Port(IConfiguration config, string key, string option) =>
        config[key] is null ? null : Count(config, key, option, 0, max: 65_535);

    private static TimeSpan Duration(IConfiguration config, string key, string option, TimeSpan fallback)
    {
        var text = config[key];
        if (text is null)
        {
            return fallback;
        }

        var unit = text.Length > 1 ? text[^1] : ' ';
        var factor = unit switch { 's' => 1, 'm' => 60, 'h' => 3_600, _ => 0 };
        return factor > 0 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? TimeSpan.FromSeconds((double)amount * factor)
            : throw new ArgumentException($"{option} takes a whole number with s, m or h, such as 90s or 10m.");
    }
}
