-- Message counts per hour of each message's creation (UTC), by each thing GET /v1/stats/messages groups by,
-- so a month of a million messages is answered from a few thousand rows.
--
-- Triggers on messages (statement-level, over transition tables: a bulk insert or import adds one row per
-- group, not per message) only ever append to message_stats_changes: -1 for a message's old (hour, status,
-- type, template, error code, category), +1 for its new one. Nothing updates a shared counter row inside a
-- webhook's transaction, so concurrent deliveries never wait on, or deadlock over, the counts.
-- MessageStatsWriter folds the changes into message_stats_hourly (one folder at a time, AdvisoryLocks);
-- a read sums both tables in one snapshot, so a change is counted exactly once whether folded or not.
CREATE TABLE message_stats_changes
(
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bucket     timestamptz NOT NULL,
    direction  text        NOT NULL,
    status     text        NOT NULL,
    type       text        NOT NULL,
    template   text,
    error_code text,
    category   text,
    delta      bigint      NOT NULL
);
CREATE INDEX message_stats_changes_bucket_idx ON message_stats_changes (bucket);
-- Rows come and go all day: vacuumed after every 10,000 dead ones, not after a fifth of the table.
ALTER TABLE message_stats_changes SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
                                       autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 10000);

CREATE TABLE message_stats_hourly
(
    dimension text        NOT NULL CHECK (dimension IN ('status', 'type', 'template', 'error_code', 'category')),
    bucket    timestamptz NOT NULL,
    direction text        NOT NULL,
    value     text,
    count     bigint      NOT NULL,
    -- count is in no index, and pages keep room: a fold's increments are HOT updates (no new index entries).
    CONSTRAINT message_stats_hourly_key UNIQUE NULLS NOT DISTINCT (dimension, bucket, direction, value)
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02);

CREATE FUNCTION message_stats_inserted() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO message_stats_changes (bucket, direction, status, type, template, error_code, category, delta)
    SELECT date_trunc('hour', created_at, 'UTC'), direction, status, type, template_name, error_code, pricing_category, count(*)
    FROM new_rows
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
    RETURN NULL;
END
$$;

CREATE FUNCTION message_stats_updated() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO message_stats_changes (bucket, direction, status, type, template, error_code, category, delta)
    SELECT bucket, direction, status, type, template, error_code, category, sum(delta)
    FROM (SELECT date_trunc('hour', created_at, 'UTC') AS bucket, direction, status, type, template_name AS template,
                 error_code, pricing_category AS category, -1 AS delta
          FROM old_rows
          UNION ALL
          SELECT date_trunc('hour', created_at, 'UTC'), direction, status, type, template_name, error_code, pricing_category, 1
          FROM new_rows) AS changed
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(delta) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION message_stats_deleted() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO message_stats_changes (bucket, direction, status, type, template, error_code, category, delta)
    SELECT date_trunc('hour', created_at, 'UTC'), direction, status, type, template_name, error_code, pricing_category, -count(*)
    FROM old_rows
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_stats_inserted AFTER INSERT ON messages
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stats_inserted();
CREATE TRIGGER messages_stats_updated AFTER UPDATE ON messages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stats_updated();
CREATE TRIGGER messages_stats_deleted AFTER DELETE ON messages
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stats_deleted();

-- The messages already stored, counted once.
INSERT INTO message_stats_changes (bucket, direction, status, type, template, error_code, category, delta)
SELECT date_trunc('hour', created_at, 'UTC'), direction, status, type, template_name, error_code, pricing_category, count(*)
FROM messages
GROUP BY 1, 2, 3, 4, 5, 6, 7;
