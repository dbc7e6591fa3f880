-- The audit trail of admin actions, newest first per tenant.

CREATE TABLE audit_log (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant  text        COLLATE "C" NOT NULL,
    actor   text        NOT NULL,
    action  text        COLLATE "C" NOT NULL,
    target  text,
    at      timestamptz NOT NULL,
    details jsonb
);

CREATE INDEX audit_log_tenant_at ON audit_log (tenant, at DESC);
