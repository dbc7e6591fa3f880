using Npgsql;

namespace Notifications.Persistence.Migrations;

/// <summary>
/// Brings a PostgreSQL database to the schema this version of the product needs: the Orleans grain storage and
/// reminder tables with the queries Orleans runs, the delivery log and the audit log.
/// </summary>
/// <remarks>
/// Each embedded migration runs once, in its own transaction, recorded in <c>schema_migrations</c>. Runs hold a
/// PostgreSQL advisory lock, so silos starting together apply each migration exactly once; a run that finds
/// everything applied changes nothing.
/// </remarks>
public static class DatabaseMigrator
{
    // Any constant works, as long as every silo of a database uses the same one.
    private const long AdvisoryLockKey = 0x4E6F_7469_6669_6361; // "Notifica"

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies every migration the database does not have yet.</summary>
    /// <param name="connectionString">An Npgsql connection string to the product's database.</param>
    /// <param name="ct">Cancels waiting for another silo's run and the migration in progress (rolled back).</param>
    /// <returns>The versions this call applied, in order; empty when the database was already up to date.</returns>
    public static async Task<IReadOnlyList<int>> MigrateAsync(string connectionString, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Unpooled: closing the connection ends the session, which releases the advisory lock whatever happens.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);

        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            takeLock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await takeLock.ExecuteNonQueryAsync(ct);
        }

        await using (var createHistory = new NpgsqlCommand(CreateHistoryTable, connection))
        {
            await createHistory.ExecuteNonQueryAsync(ct);
        }

        var applied = await ReadAppliedVersionsAsync(connection, ct);
        var appliedNow = new List<int>();
        foreach (var migration in Migration.Embedded.Where(migration => !applied.Contains(migration.Version)))
        {
            await ApplyAsync(connection, migration, ct);
            appliedNow.Add(migration.Version);
        }

        return appliedNow;
    }

    /// <summary>The migrations this version of the product has that the database lacks, as <c>NNNN_name</c>.</summary>
    /// <param name="connectionString">An Npgsql connection string to the product's database.</param>
    /// <param name="ct">Cancels the query.</param>
    public static async Task<IReadOnlyList<string>> GetPendingAsync(string connectionString, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(ct) is not true)
            {
                return [.. Migration.Embedded.Select(migration => migration.ToString())];
            }
        }

        var applied = await ReadAppliedVersionsAsync(connection, ct);
        return [.. Migration.Embedded.Where(migration => !applied.Contains(migration.Version)).Select(migration => migration.ToString())];
    }

    private static async Task<HashSet<int>> ReadAppliedVersionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await script.ExecuteNonQueryAsync(ct);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                await record.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Migration {migration.Version:D4}_{migration.Name} failed and was rolled back: {exception.Message}", exception);
        }
    }
}
