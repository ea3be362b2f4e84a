-- The first answer to each (API key, Idempotency-Key) of POST /v1/messages, so a retried request
-- gets it again instead of sending twice. A row is claimed (response_status NULL) before the send
-- and completed with the answer after it; a request racing the claim waits for the answer.
CREATE TABLE idempotency_keys
(
    api_key_id      text         NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    idempotency_key varchar(255) NOT NULL CHECK (idempotency_key <> ''),
    -- SHA-256 (hex) of the request body: the same key with another body is refused.
    request_hash    text         NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    message_id      text REFERENCES messages (id) ON DELETE SET NULL,
    response_status integer CHECK (response_status BETWEEN 100 AND 599),
    -- The answer's bytes as first sent (text, not jsonb: a replay is byte for byte the same).
    response_body   text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    -- Kept at least 24 hours; expired rows are pruned as new keys are claimed.
    expires_at      timestamptz  NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key),
    CHECK ((response_status IS NULL) = (response_body IS NULL))
);
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
CREATE TRIGGER idempotency_keys_updated_at BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION set_updated_at();
