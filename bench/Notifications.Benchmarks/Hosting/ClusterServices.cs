using Npgsql;

namespace Notifications.Benchmarks.Hosting;

/// <summary>
/// PostgreSQL and Redis for the cluster hosting, started by the project's own <c>scripts/services.sh</c> in a folder and
/// on ports of this benchmark's own (other work on the machine may use the script's defaults): the ones given, or free
/// ports the system picks. Stopped by the script at the end.
/// Each run starts from an empty database and an empty Redis.
/// </summary>
public sealed class ClusterServices : IAsyncDisposable
{
    private const string Database = "notifications_bench";

    private readonly RepositoryLayout repository;
    private readonly Dictionary<string, string> environment;
    private readonly string directory;

    private ClusterServices(RepositoryLayout repository, Dictionary<string, string> environment, string directory, int postgresPort, int redisPort)
    {
        this.repository = repository;
        this.environment = environment;
        this.directory = directory;
        PostgresPort = postgresPort;
        RedisPort = redisPort;
    }

    public int PostgresPort { get; }

    public int RedisPort { get; }

    /// <summary>
    /// Each process (two silos and the API) gets a pool of at most 60: together they stay under the 200 connections
    /// scripts/services.sh allows. At 100 each, a silo under load was refused ("53300: sorry, too many clients already").
    /// </summary>
    public string PostgresConnectionString => $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database={Database};Maximum Pool Size=60";

    public string RedisConnectionString => $"127.0.0.1:{RedisPort}";

    public static async Task<ClusterServices> StartAsync(RepositoryLayout repository, string directory, int? postgresPortGiven, int? redisPortGiven, CancellationToken ct)
    {
        var postgresPort = postgresPortGiven ?? ProductEnvironment.FreePort();
        var redisPort = redisPortGiven ?? ProductEnvironment.FreePort();
        foreach (var (port, option) in new[] { (postgresPort, "--pg-port"), (redisPort, "--redis-port") })
        {
            // Another PostgreSQL or Redis on the port would be measured (and wiped) instead of this benchmark's own.
            if (!ProductEnvironment.IsFree(port))
            {
                throw new InvalidOperationException($"Port {port} ({option}) is in use on 127.0.0.1: pass another.");
            }
        }

        var environment = new Dictionary<string, string>
        {
            ["SERVICES_DIR"] = directory,
            ["PG_PORT"] = ProductEnvironment.Text(postgresPort),
            ["REDIS_PORT"] = ProductEnvironment.Text(redisPort),
            ["PG_DATABASE"] = Database,
        };
        Console.WriteLine($"Starting PostgreSQL (127.0.0.1:{postgresPort}) and Redis (127.0.0.1:{redisPort}) with scripts/services.sh");
        await ExternalCommand.RunAsync(repository.ServicesScript, ["start"], repository.Root, environment, ct);
        return new ClusterServices(repository, environment, directory, postgresPort, redisPort);
    }

    /// <summary>An empty database and an empty Redis: no run sees the state or membership of the one before.</summary>
    public async Task ResetAsync(CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            foreach (var statement in new[] { $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", $"CREATE DATABASE {Database}" })
            {
                await using var command = new NpgsqlCommand(statement, connection);
                await command.ExecuteNonQueryAsync(ct);
            }
        }

        await ExternalCommand.RunAsync("redis-cli", ["-h", "127.0.0.1", "-p", ProductEnvironment.Text(RedisPort), "FLUSHALL"], repository.Root, null, ct);
    }

    /// <summary>Stops both, keeps their logs beside the other logs, and deletes their data (about 100 MB).</summary>
    public async ValueTask DisposeAsync()
    {
        await ExternalCommand.RunAsync(repository.ServicesScript, ["stop"], repository.Root, environment, CancellationToken.None);
        var location = Path.Combine(directory, "pg.location");
        var postgres = File.Exists(location) ? (await File.ReadAllTextAsync(location)).Trim() : Path.Combine(directory, "pg");
        var logs = Path.GetDirectoryName(directory)!;
        foreach (var (log, name) in new[] { (Path.Combine(postgres, "pg.log"), "postgres.log"), (Path.Combine(directory, "redis.log"), "redis.log") })
        {
            if (File.Exists(log))
            {
                File.Copy(log, Path.Combine(logs, name), overwrite: true);
            }
        }

        Directory.Delete(directory, recursive: true);
        if (Directory.Exists(postgres))
        {
            Directory.Delete(postgres, recursive: true);
        }
    }
}
