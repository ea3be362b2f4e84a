-- The webhook's statements per status (record it, move its message, write its event) as functions, so that
-- PostgreSQL plans them once per connection instead of once per delivery.
--
-- Why functions: the JDBC driver runs every statement unnamed (prepareThreshold=0, wa-gateway-data-defaults):
-- RDS Proxy pins a client to one database connection once it holds a named prepared statement, and the listing
-- queries need plans made with their real parameters. So each delivery paid to parse, analyse and plan these
-- data-modifying CTEs, more CPU than running them. PL/pgSQL keeps its statements' plans for the session, inside
-- the server, where the proxy sees no prepared statement; the call itself is a one-line SELECT.
--
-- The rules that both the record and the pending statuses apply, written once here.

-- A failed status's error code and message, as the message keeps them (Meta's first error).
CREATE FUNCTION message_status_error_code(status text, errors jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN status = 'failed' THEN errors->0->>'code' END
$$;

CREATE FUNCTION message_status_error_message(status text, errors jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN status = 'failed' THEN NULLIF(concat_ws(': ', errors->0->>'title',
               coalesce(errors->0->'error_data'->>'details', errors->0->>'message')), '') END
$$;

-- A status with pricing gives its message Meta's pricing category, whether or not it moves the status.
CREATE FUNCTION message_status_reprices(pricing jsonb, current_category text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT pricing->>'category' IS NOT NULL AND pricing->>'category' IS DISTINCT FROM current_category
$$;

-- MessageWriter.record: keeps one reported status (once per wamid, status and time: a redelivery keeps nothing)
-- and, when its message is stored, moves the message's status up message_status_rank's order. The caller holds
-- the wamid's lock; a volatile function's statement takes its snapshot when it starts, after that lock.
-- Answers: statuses kept (0 or 1), messages whose status moved (0 or 1), then the message as it was before.
CREATE FUNCTION message_status_record(p_wamid text, p_status text, p_occurred_at timestamptz, p_recipient_id text,
                                      p_recipient_user_id text, p_errors text, p_payload text)
    RETURNS TABLE (r_kept bigint, r_moved bigint, r_message_id text, r_phone text, r_user_id text, r_status text,
                   r_phone_number_id text, r_parent_user_id text)
    LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH known AS (SELECT id, phone, user_id, status, phone_number_id, parent_user_id FROM messages
                   WHERE whatsapp_message_id = p_wamid),
    event AS (
        INSERT INTO message_status_events
            (whatsapp_message_id, message_id, status, occurred_at, recipient_id, recipient_user_id, errors, payload,
             pricing, applied_at)
        SELECT p_wamid, known.id, p_status, p_occurred_at, p_recipient_id, p_recipient_user_id, CAST(p_errors AS jsonb),
               one.payload,
               CASE WHEN jsonb_typeof(one.payload->'pricing') = 'object' THEN one.payload->'pricing' END,
               CASE WHEN known.id IS NOT NULL THEN now() END
        FROM (SELECT CAST(p_payload AS jsonb) AS payload) AS one LEFT JOIN known ON true
        ON CONFLICT ON CONSTRAINT message_status_events_once DO NOTHING
        RETURNING message_id, status, errors, pricing),
    moved AS (
        UPDATE messages m
        SET status = CASE WHEN message_status_rank(m.status) < message_status_rank(event.status)
                          THEN event.status ELSE m.status END,
            error_code = CASE WHEN message_status_rank(m.status) < message_status_rank(event.status)
                              THEN message_status_error_code(event.status, event.errors) ELSE m.error_code END,
            error_message = CASE WHEN message_status_rank(m.status) < message_status_rank(event.status)
                                 THEN message_status_error_message(event.status, event.errors) ELSE m.error_message END,
            pricing_category = coalesce(event.pricing->>'category', m.pricing_category)
        FROM event
        WHERE m.id = event.message_id
          AND (message_status_rank(m.status) < message_status_rank(event.status)
               OR message_status_reprices(event.pricing, m.pricing_category))
        RETURNING m.id, m.status)
    SELECT (SELECT count(*) FROM event),
           (SELECT count(*) FROM moved WHERE moved.status IS DISTINCT FROM known.status),
           CAST(known.id AS text), CAST(known.phone AS text), CAST(known.user_id AS text), CAST(known.status AS text),
           CAST(known.phone_number_id AS text), CAST(known.parent_user_id AS text)
    FROM (SELECT 1) AS one LEFT JOIN known ON true;
END
$$;

-- MessageWriter.applyPending: attaches the statuses kept for a wamid before its message was stored, and moves the
-- message to the highest-ranked of them (and to the newest pricing). The caller holds the wamid's lock.
-- Answers: statuses attached, messages changed (0 or 1).
CREATE FUNCTION message_status_apply_pending(p_wamid text)
    RETURNS TABLE (r_attached bigint, r_moved bigint)
    LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH known AS (SELECT id FROM messages WHERE whatsapp_message_id = p_wamid),
    pending AS (
        UPDATE message_status_events e SET message_id = known.id, applied_at = now()
        FROM known
        WHERE e.whatsapp_message_id = p_wamid AND e.applied_at IS NULL
        RETURNING e.id, e.status, e.errors, e.occurred_at,
                  coalesce(e.pricing, CASE WHEN jsonb_typeof(e.payload->'pricing') = 'object' THEN e.payload->'pricing' END)
                      AS pricing),
    best AS (
        SELECT status, errors FROM pending
        WHERE message_status_rank(pending.status) IS NOT NULL
        ORDER BY message_status_rank(pending.status) DESC, occurred_at DESC, id DESC
        LIMIT 1),
    priced AS (
        SELECT pricing FROM pending WHERE pricing->>'category' IS NOT NULL ORDER BY occurred_at DESC, id DESC LIMIT 1),
    moved AS (
        UPDATE messages m
        SET status = CASE WHEN best.status IS NOT NULL AND message_status_rank(m.status) < message_status_rank(best.status)
                          THEN best.status ELSE m.status END,
            error_code = CASE WHEN best.status IS NOT NULL AND message_status_rank(m.status) < message_status_rank(best.status)
                              THEN message_status_error_code(best.status, best.errors) ELSE m.error_code END,
            error_message = CASE WHEN best.status IS NOT NULL AND message_status_rank(m.status) < message_status_rank(best.status)
                                 THEN message_status_error_message(best.status, best.errors) ELSE m.error_message END,
            pricing_category = coalesce(priced.pricing->>'category', m.pricing_category)
        FROM known LEFT JOIN best ON true LEFT JOIN priced ON true
        WHERE m.id = known.id
          AND ((best.status IS NOT NULL AND message_status_rank(m.status) < message_status_rank(best.status))
               OR message_status_reprices(priced.pricing, m.pricing_category))
        RETURNING m.id)
    SELECT (SELECT count(*) FROM pending), (SELECT count(*) FROM moved);
END
$$;

-- OutboxWriter's one event (most transactions write one): with a conversation, it takes that conversation's next
-- sequence number from its event_sequences row (locking it until commit). Answers the rows inserted (1).
CREATE FUNCTION events_insert_one(p_id text, p_type text, p_phone_number_id text, p_conversation text,
                                  p_contact_id text, p_message_id text, p_template_id text, p_webhook_id text,
                                  p_data text)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
DECLARE
    inserted integer;
BEGIN
    IF p_conversation IS NULL THEN
        INSERT INTO events (id, type, phone_number_id, conversation, sequence, contact_id, message_id, template_id,
                            webhook_id, data)
        VALUES (p_id, p_type, p_phone_number_id, NULL, NULL, p_contact_id, p_message_id, p_template_id, p_webhook_id,
                CAST(p_data AS jsonb));
    ELSE
        WITH taken AS (
            INSERT INTO event_sequences (conversation, last_sequence) VALUES (p_conversation, 1)
            ON CONFLICT (conversation) DO UPDATE SET last_sequence = event_sequences.last_sequence + 1
            RETURNING last_sequence)
        INSERT INTO events (id, type, phone_number_id, conversation, sequence, contact_id, message_id, template_id,
                            webhook_id, data)
        SELECT p_id, p_type, p_phone_number_id, p_conversation, taken.last_sequence, p_contact_id, p_message_id,
               p_template_id, p_webhook_id, CAST(p_data AS jsonb)
        FROM taken;
    END IF;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN inserted;
END
$$;
