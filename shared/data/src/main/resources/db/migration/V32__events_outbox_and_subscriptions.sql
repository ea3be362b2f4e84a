-- Events out: the outbox (events), what a team's apps subscribe to (the legacy webhooks table, extended),
-- and every delivery of an event to a subscription with each of its attempts.

-- The outbox. Each row is inserted by the one writer of the table whose change it describes, in the
-- transaction of that change: no committed change without its event, no event without its change.
CREATE TABLE events
(
    id              text PRIMARY KEY CHECK (id ~ '^evt_[0-9A-HJKMNP-TV-Z]{26}$'),
    type            text        NOT NULL CHECK (type IN ('message.received', 'message.status', 'message.created',
                                                         'contact.created', 'contact.updated', 'contact.deleted',
                                                         'template.updated', 'webhook.test')),
    phone_number_id text,
    -- Whom the event is about (the contact's phone, or the WhatsApp user id when there is no phone),
    -- and its place among that conversation's events, from 1: a client orders what arrives out of order.
    conversation    text CHECK (conversation <> ''),
    sequence        bigint CHECK (sequence > 0),
    contact_id      text,
    message_id      text,
    template_id     text,
    -- webhook.test: the one subscription the event is for.
    webhook_id      text,
    data            jsonb       NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    -- The writing transaction: GET /v1/events lists only events whose transaction is older than every
    -- transaction still running, in (xact, id) order, so a page never skips an event committed later.
    xact            xid8        NOT NULL DEFAULT pg_current_xact_id(),
    -- When the dispatcher made the event's deliveries; NULL: not yet (the sweeper sends it again).
    fanned_out_at   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((conversation IS NULL) = (sequence IS NULL))
);
CREATE INDEX events_listing_idx ON events (xact, id);
CREATE INDEX events_type_listing_idx ON events (type, xact, id);
CREATE INDEX events_not_fanned_out_idx ON events (created_at) WHERE fanned_out_at IS NULL;
CREATE INDEX events_created_at_idx ON events (created_at);
CREATE TRIGGER events_updated_at BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The last sequence number handed out per conversation.
CREATE TABLE event_sequences
(
    conversation  text PRIMARY KEY CHECK (conversation <> ''),
    last_sequence bigint      NOT NULL CHECK (last_sequence > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER event_sequences_updated_at BEFORE UPDATE ON event_sequences FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Subscriptions are the webhooks table: the legacy gateway's rows (imported as they were) are
-- subscriptions too. Their events keep the legacy names ('message', 'status'), which the dispatcher
-- maps to types when it reads them; new subscriptions store types. The defaults are the imported
-- rows' (their receivers verify the old gateway's hex signature); the API sets 'standard' on new ones.
ALTER TABLE webhooks
    ADD COLUMN description                text CHECK (length(description) <= 1000),
    ADD COLUMN phone_number_ids           jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(phone_number_ids) = 'array'),
    ADD COLUMN signature_scheme           text        NOT NULL DEFAULT 'hmac-sha256-hex'
        CHECK (signature_scheme IN ('standard', 'hmac-sha256-hex')),
    -- After a rotation, deliveries are signed under both secrets until previous_secret_expires_at.
    ADD COLUMN previous_secret            text,
    ADD COLUMN previous_secret_expires_at timestamptz,
    -- Why it was switched off by the gateway (410 Gone, failing for days); NULL when active or switched off by a user.
    ADD COLUMN disabled_reason            text,
    ADD COLUMN disabled_at                timestamptz,
    -- The first failed attempt since the last success: failing every attempt for long enough disables it.
    ADD COLUMN failing_since              timestamptz,
    ADD COLUMN deleted_at                 timestamptz,
    ADD CONSTRAINT webhooks_previous_secret_expiry CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL));
CREATE INDEX webhooks_live_idx ON webhooks (created_at, id) WHERE deleted_at IS NULL;

-- One delivery of one event to one subscription, with its retry state.
CREATE TABLE event_deliveries
(
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         text        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    webhook_id       text        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    -- pending: to be attempted at next_attempt_at (an attempt in flight holds it a lease ahead);
    -- delivered: a 2xx; dead: every retry failed (kept, replayable); cancelled: the subscription went away.
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    first_attempt_at timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_deliveries_once UNIQUE (event_id, webhook_id)
);
CREATE INDEX event_deliveries_due_idx ON event_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX event_deliveries_webhook_idx ON event_deliveries (webhook_id, state);
CREATE INDEX event_deliveries_dead_idx ON event_deliveries (updated_at) WHERE state = 'dead';
CREATE TRIGGER event_deliveries_updated_at BEFORE UPDATE ON event_deliveries FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Every attempt, as the subscriber answered it.
CREATE TABLE event_delivery_attempts
(
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      bigint      NOT NULL REFERENCES event_deliveries (id) ON DELETE CASCADE,
    event_id         text        NOT NULL,
    webhook_id       text        NOT NULL,
    attempt          integer     NOT NULL CHECK (attempt > 0),
    attempted_at     timestamptz NOT NULL,
    status_code      integer,
    duration_ms      integer     NOT NULL CHECK (duration_ms >= 0),
    error            text,
    -- The first 1 KB of the answer's body.
    response_excerpt text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_delivery_attempts_webhook_idx ON event_delivery_attempts (webhook_id, attempted_at DESC, id DESC);
CREATE INDEX event_delivery_attempts_delivery_idx ON event_delivery_attempts (delivery_id);
CREATE INDEX event_delivery_attempts_attempted_at_idx ON event_delivery_attempts (attempted_at);
CREATE TRIGGER event_delivery_attempts_updated_at BEFORE UPDATE ON event_delivery_attempts FOR EACH ROW EXECUTE FUNCTION set_updated_at();
