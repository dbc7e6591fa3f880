-- The notifications' own grain state table, written by the group-commit storage (GroupCommitGrainStorage):
-- many grains' writes arrive together and are applied as one multi-row statement, one commit per round trip.
--
-- A row is one grain's state: keyed by service, grain id (as Orleans prints it, "type/key") and state name.
-- Version is the ETag: a write names the version it read and only that version is replaced, so a stale activation
-- cannot overwrite newer state.
--
-- The other columns describe the state for recovery, so that no reminder per notification is needed:
--   status      the notification's status as the grain last wrote it (for operators: counts, stuck work);
--   due_at      when a waiting notification is next to be tried (null when it is not waiting);
--   wake_at     when a sweeper should look at the row if nothing has happened by then: the due time plus a grace for
--               a waiting notification, the write time plus a lease for one being worked on; null once finished.
--   sweeps      how many times a sweeper woke the row's grain since its last write: a grain that was woken and
--               still writes nothing is active but stuck, and is deactivated before it is woken again.
-- Only unfinished rows are in the wake index, so it stays as small as the work in flight.

CREATE TABLE notification_state (
    service_id  text        COLLATE "C" NOT NULL,
    grain_id    text        COLLATE "C" NOT NULL,
    state_name  text        COLLATE "C" NOT NULL,
    version     integer     NOT NULL,
    payload     bytea       NOT NULL,
    status      text        COLLATE "C",
    due_at      timestamptz,
    wake_at     timestamptz,
    sweeps      integer     NOT NULL DEFAULT 0,
    modified_at timestamptz NOT NULL,
    PRIMARY KEY (service_id, grain_id, state_name)
)
WITH (fillfactor = 80);

CREATE INDEX notification_state_wake ON notification_state (service_id, wake_at) WHERE wake_at IS NOT NULL;
