-- What receive-webhook keeps besides messages and statuses, so that no part of a delivery is lost.

-- An item of a delivery that could not be stored as what it claims to be (a message without an id,
-- a status with no timestamp, a value PostgreSQL refuses, ...), with the reason. The item is kept as
-- JSON text, not jsonb: what made it unstorable (a \u0000, a lone surrogate) may be what jsonb refuses.
CREATE TABLE webhook_rejects
(
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    reason          text        NOT NULL CHECK (reason <> ''),
    item_json       text        NOT NULL,
    phone_number_id text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Meta redelivers: the same item is recorded once.
CREATE UNIQUE INDEX webhook_rejects_once_key ON webhook_rejects (kind, md5(item_json));
CREATE INDEX webhook_rejects_created_at_idx ON webhook_rejects (created_at DESC);
CREATE TRIGGER webhook_rejects_updated_at BEFORE UPDATE ON webhook_rejects FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- What a delivery holds that this service does not act on, kept as received: changes of other
-- fields (account_update, phone_number_quality_update, ...), errors[] of a change, fields of a
-- messages change it does not know, template status updates for a template it does not have.
CREATE TABLE webhook_kept_events
(
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    field           text,
    waba_id         text,
    phone_number_id text,
    payload         jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX webhook_kept_events_once_key ON webhook_kept_events (kind, md5(payload::text));
CREATE INDEX webhook_kept_events_created_at_idx ON webhook_kept_events (created_at DESC);
CREATE TRIGGER webhook_kept_events_updated_at BEFORE UPDATE ON webhook_kept_events FOR EACH ROW EXECUTE FUNCTION set_updated_at();
