using Npgsql;
using NpgsqlTypes;

namespace Notifications.Persistence.Storage;

/// <summary>Identifies one stored state: the grain (as Orleans prints its id) and the state's name.</summary>
internal readonly record struct StateKey(string GrainId, string StateName);

/// <summary>A stored state as read back: its version (the ETag) and the serializer's bytes.</summary>
internal sealed record StoredState(int Version, byte[] Payload);

/// <summary>One state to write: <paramref name="ExpectedVersion"/> null means a first write (nothing stored yet).</summary>
internal sealed record StateWrite(StateKey Key, int? ExpectedVersion, byte[] Payload, StateRecoveryInfo Recovery);

/// <summary>
/// The SQL of the <c>notification_state</c> table (migration 0005): reads and writes of many rows per statement,
/// and the sweeper's claim of overdue rows.
/// </summary>
internal sealed class NotificationStateTable(NpgsqlDataSource dataSource, string serviceId)
{
    private const string ReadSql = """
        SELECT s.grain_id, s.state_name, s.version, s.payload
        FROM unnest(@grain_ids::text[], @state_names::text[]) AS k(grain_id, state_name)
        JOIN notification_state AS s
          ON s.service_id = @service_id AND s.grain_id = k.grain_id AND s.state_name = k.state_name
        """;

    // A row comes back for each write that happened: an update of exactly the expected version, or a first insert
    // where nothing was stored. A write that does not come back lost to a newer version.
    private const string WriteSql = """
        WITH input AS (
            SELECT *
            FROM unnest(@grain_ids::text[], @state_names::text[], @expected::integer[], @payloads::bytea[],
                        @statuses::text[], @due::timestamptz[], @finished::boolean[])
                AS i(grain_id, state_name, expected, payload, status, due_at, finished)
        ),
        updated AS (
            UPDATE notification_state AS s
            SET version = s.version + 1,
                payload = i.payload,
                status = i.status,
                due_at = i.due_at,
                wake_at = CASE WHEN i.finished THEN NULL ELSE coalesce(i.due_at + @due_grace, now() + @lease) END,
                sweeps = 0,
                modified_at = now()
            FROM input AS i
            WHERE s.service_id = @service_id AND s.grain_id = i.grain_id AND s.state_name = i.state_name
              AND i.expected IS NOT NULL AND s.version = i.expected
            RETURNING s.grain_id, s.state_name, s.version
        ),
        inserted AS (
            INSERT INTO notification_state AS s
                (service_id, grain_id, state_name, version, payload, status, due_at, wake_at, modified_at)
            SELECT @service_id, i.grain_id, i.state_name, 1, i.payload, i.status, i.due_at,
                   CASE WHEN i.finished THEN NULL ELSE coalesce(i.due_at + @due_grace, now() + @lease) END, now()
            FROM input AS i
            WHERE i.expected IS NULL
            ON CONFLICT DO NOTHING
            RETURNING s.grain_id, s.state_name, s.version
        )
        SELECT grain_id, state_name, version FROM updated
        UNION ALL
        SELECT grain_id, state_name, version FROM inserted
        """;

    private const string DeleteSql = """
        DELETE FROM notification_state
        WHERE service_id = @service_id AND grain_id = @grain_id AND state_name = @state_name AND version = @version
        """;

    // Each overdue row is taken by one silo: rows another sweeper holds are skipped, and a claimed row is not due again
    // for a lease, so its grain is woken once per lease at most while it stays unfinished.
    private const string ClaimSql = """
        UPDATE notification_state AS s
        SET wake_at = now() + @lease, sweeps = s.sweeps + 1
        FROM (
            SELECT grain_id, state_name
            FROM notification_state
            WHERE service_id = @service_id AND wake_at <= now()
            ORDER BY wake_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        ) AS due
        WHERE s.service_id = @service_id AND s.grain_id = due.grain_id AND s.state_name = due.state_name
        RETURNING s.grain_id, s.sweeps
        """;

    private const string HandOverSql = """
        UPDATE notification_state AS s
        SET wake_at = now()
        FROM unnest(@grain_ids::text[], @state_names::text[]) AS k(grain_id, state_name)
        WHERE s.service_id = @service_id AND s.grain_id = k.grain_id AND s.state_name = k.state_name
          AND s.wake_at IS NOT NULL AND s.due_at IS NULL
        """;

    private const string PingSql = "SELECT 1";

    public async Task<Dictionary<StateKey, StoredState>> ReadAsync(IReadOnlyCollection<StateKey> keys, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("grain_ids", [.. keys.Select(key => key.GrainId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("state_names", [.. keys.Select(key => key.StateName)]));

        var found = new Dictionary<StateKey, StoredState>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[new StateKey(reader.GetString(0), reader.GetString(1))] = new StoredState(reader.GetInt32(2), reader.GetFieldValue<byte[]>(3));
        }

        return found;
    }

    /// <summary>Applies the writes in one statement and returns the new version of each write that happened.</summary>
    public async Task<Dictionary<StateKey, int>> WriteAsync(IReadOnlyList<StateWrite> writes, TimeSpan lease, TimeSpan dueGrace, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(WriteSql);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        parameters.Add(new NpgsqlParameter<string[]>("grain_ids", [.. writes.Select(write => write.Key.GrainId)]));
        parameters.Add(new NpgsqlParameter<string[]>("state_names", [.. writes.Select(write => write.Key.StateName)]));
        parameters.Add(new NpgsqlParameter<int?[]>("expected", [.. writes.Select(write => write.ExpectedVersion)]));
        parameters.Add(new NpgsqlParameter<byte[][]>("payloads", [.. writes.Select(write => write.Payload)]));
        parameters.Add(new NpgsqlParameter<string?[]>("statuses", [.. writes.Select(write => write.Recovery.Status)]));
        parameters.Add(new NpgsqlParameter("due", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = writes.Select(write => write.Recovery.DueAt?.UtcDateTime).ToArray(),
        });
        parameters.Add(new NpgsqlParameter<bool[]>("finished", [.. writes.Select(write => write.Recovery.Finished)]));
        parameters.Add(new NpgsqlParameter<TimeSpan>("lease", lease));
        parameters.Add(new NpgsqlParameter<TimeSpan>("due_grace", dueGrace));

        var written = new Dictionary<StateKey, int>(writes.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            written[new StateKey(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        }

        return written;
    }

    /// <summary>Deletes the row if it still has <paramref name="version"/>; false when a newer version is stored.</summary>
    public async Task<bool> DeleteAsync(StateKey key, int version, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(DeleteSql);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_id", key.GrainId));
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", key.StateName));
        command.Parameters.Add(new NpgsqlParameter<int>("version", version));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> overdue rows for this silo; returns their grain ids and how many times
    /// (this one included) their grains were woken since they last wrote.
    /// </summary>
    public async Task<List<(string GrainId, int Sweeps)>> ClaimOverdueAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", lease));

        var claimed = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return claimed;
    }

    /// <summary>Makes unfinished, not waiting rows due now, so that other silos resume them at their next sweep.</summary>
    public async Task<int> HandOverAsync(IReadOnlyCollection<StateKey> keys, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(HandOverSql);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", serviceId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("grain_ids", [.. keys.Select(key => key.GrainId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("state_names", [.. keys.Select(key => key.StateName)]));
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PingSql);
        await command.ExecuteScalarAsync(ct);
    }
}
