using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>The PostgreSQL and Redis that <c>scripts/services.sh start</c> runs on loopback, and what tests do to them.</summary>
public static class TestServices
{
    public const string PostgresVariable = "NOTIFICATIONS_TEST_POSTGRES";
    public const string RedisVariable = "NOTIFICATIONS_TEST_REDIS";

    public static string Postgres => Required(PostgresVariable);

    public static string Redis => Required(RedisVariable);

    /// <summary>Stops Redis and starts it again on the same append-only file, as <c>services.sh restart-redis</c> does.</summary>
    public static Task RestartRedisAsync(CancellationToken ct = default) =>
        RunServicesScriptAsync("restart-redis", "REDIS_PORT", Redis[(Redis.LastIndexOf(':') + 1)..], ct);

    /// <summary>Fast-stops PostgreSQL (open connections are cut) and starts it again on the same data.</summary>
    public static Task RestartPostgresAsync(CancellationToken ct = default) =>
        RunServicesScriptAsync(
            "restart-postgres", "PG_PORT", new NpgsqlConnectionStringBuilder(Postgres).Port.ToString(CultureInfo.InvariantCulture), ct);

    /// <summary>Runs <c>scripts/services.sh</c> on the servers the tests use (SERVICES_DIR comes from the environment).</summary>
    private static async Task RunServicesScriptAsync(string command, string portVariable, string port, CancellationToken ct)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "services.sh");
        var start = new ProcessStartInfo("bash", [script, command])
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment[portVariable] = port;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"services.sh {command} failed ({process.ExitCode}): {await errors}{await output}");
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "services.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with scripts/services.sh) is not above the test binaries.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="condition"/> holds: silos and sweepers work on their own schedule.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(200);
        }
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Start PostgreSQL and Redis first: `bash scripts/services.sh start && source .services/env`.");
}
