-- The delivery log: one row per notification, channel, attempt and status reached, appended in batches and
-- never updated. The primary key makes a retried batch harmless: insert with ON CONFLICT DO NOTHING.

CREATE TABLE delivery_log (
    tenant              text        COLLATE "C" NOT NULL,
    notification_id     text        COLLATE "C" NOT NULL,
    channel             text        COLLATE "C" NOT NULL,
    attempt             integer     NOT NULL,
    status              text        COLLATE "C" NOT NULL,
    user_id             text        COLLATE "C" NOT NULL,
    at                  timestamptz NOT NULL,
    error               text,
    provider_message_id text        COLLATE "C",
    PRIMARY KEY (tenant, notification_id, channel, attempt, status)
);

-- A user's deliveries (history, export and erase of a user's data).
CREATE INDEX delivery_log_user ON delivery_log (tenant, user_id, at);

-- Provider receipts (status callbacks) name the provider's message id.
CREATE INDEX delivery_log_provider_message ON delivery_log (provider_message_id)
    WHERE provider_message_id IS NOT NULL;

-- Rows arrive in time order: a block-range index serves time windows (rates, retention) for almost nothing.
CREATE INDEX delivery_log_at ON delivery_log USING brin (at);
