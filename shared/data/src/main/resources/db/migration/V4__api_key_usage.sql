-- Requests per API key per minute, for a rate limit that is exact across every Lambda instance:
-- one upsert per request counts it. Rows older than a few minutes are pruned as keys are used.
-- No created_at/updated_at trigger here: this table is written on every request, and the window
-- start already says when a row is from.
CREATE TABLE api_key_usage
(
    api_key_id    text        NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    window_start  timestamptz NOT NULL,
    request_count integer     NOT NULL CHECK (request_count > 0),
    PRIMARY KEY (api_key_id, window_start)
);
