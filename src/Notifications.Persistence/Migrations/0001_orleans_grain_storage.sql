-- Orleans ADO.NET grain storage (invariant Npgsql).
--
-- Orleans reads the SQL it runs from "orleansquery" (it asks for "SELECT QueryKey, QueryText FROM OrleansQuery",
-- unquoted, hence the lower-case name) and binds its values as named parameters (@GrainIdN0, ...).
-- A record is identified by service, state name (Orleans passes the [PersistentState] name as the "grain type")
-- and grain key: N0/N1 carry integer and GUID keys, the extension string carries a string key or key extension.
-- The hashes Orleans also sends are not needed: the primary key finds the row directly.
-- Version is the ETag: every write checks the version the grain last read, so a stale activation cannot
-- overwrite newer state (no row back means a conflict, which Orleans raises as InconsistentStateException).

CREATE TABLE orleansquery (
    querykey  text COLLATE "C" PRIMARY KEY,
    querytext text NOT NULL
);

CREATE TABLE orleans_storage (
    service_id  text   COLLATE "C" NOT NULL,
    state_name  text   COLLATE "C" NOT NULL,
    grain_id_n0 bigint NOT NULL,
    grain_id_n1 bigint NOT NULL,
    -- '' when the key has no string part, so that the key can be a primary key.
    grain_id_ext text  COLLATE "C" NOT NULL,
    -- The serializer's bytes as they are (JSON text in UTF-8): no parsing on the write path.
    payload     bytea,
    version     integer     NOT NULL,
    modified_at timestamptz NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_ext)
)
-- Room on each page so that rewriting a record stays a heap-only update (no index write, less bloat).
WITH (fillfactor = 80);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
$q$),

-- One round trip for both cases: with a version, update that version only; without one, insert a first
-- version unless a record already exists. Either way a row comes back only when the write happened.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$q$),

-- Clearing keeps the record (payload null) and moves its version on.
('ClearStorageKey', $q$
UPDATE orleans_storage
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version AS "Version"
$q$),

-- With DeleteStateOnClear the record goes; Orleans expects the deleted version + 1 back.
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version + 1 AS "Version"
$q$);
