-- Each hour's counts of one dimension and direction in one row (values and counts side by side, in arrays), beside
-- the hourly counts (V51): GET /v1/stats/messages by hour over a month reads at most 744 x 2 rows through this key,
-- whatever the number of distinct values (a month by template was ~60,000 hourly rows, read and summed per request).
--
-- Kept as V55 keeps the daily counts: statement-level triggers on message_stats_hourly rebuild the row of every
-- (dimension, bucket, direction) a statement touched from the hourly counts themselves, in the same statement, so
-- this table can never disagree with them (MessageStatsWriter's fold is the only writer of the hourly counts, one
-- folder at a time). A group whose count is 0 is left out; an hour whose groups are all 0 keeps empty arrays.
CREATE TABLE message_stats_hour_groups
(
    dimension text        NOT NULL CHECK (dimension IN ('status', 'type', 'template', 'error_code', 'category')),
    bucket    timestamptz NOT NULL,
    direction text        NOT NULL,
    "values"  text[]      NOT NULL,
    counts    bigint[]    NOT NULL,
    CONSTRAINT message_stats_hour_groups_key PRIMARY KEY (dimension, bucket, direction)
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02);

-- Rebuild the rows of the keys a statement touched from the hourly counts as they are after it (an AFTER trigger
-- sees them): an insert's or update's new rows, a delete's old ones, each trigger naming its transition table
-- changed_rows so that one function serves all three (an update never moves a key: only the fold writes, and it only
-- changes counts).
CREATE FUNCTION message_stats_hour_groups_rebuilt() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO message_stats_hour_groups AS g (dimension, bucket, direction, "values", counts)
    SELECT k.dimension, k.bucket, k.direction,
           coalesce(array_agg(h.value ORDER BY h.value) FILTER (WHERE h.count <> 0), '{}'),
           coalesce(array_agg(h.count ORDER BY h.value) FILTER (WHERE h.count <> 0), '{}')
    FROM (SELECT DISTINCT dimension, bucket, direction FROM changed_rows) AS k
    LEFT JOIN message_stats_hourly AS h
           ON h.dimension = k.dimension AND h.bucket = k.bucket AND h.direction = k.direction
    GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT message_stats_hour_groups_key
        DO UPDATE SET "values" = EXCLUDED."values", counts = EXCLUDED.counts;
    RETURN NULL;
END
$$;

-- No fold may change an hourly count between the copy below and the triggers taking over (reads go on).
LOCK TABLE message_stats_hourly IN EXCLUSIVE MODE;

CREATE TRIGGER message_stats_hour_groups_inserted AFTER INSERT ON message_stats_hourly
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stats_hour_groups_rebuilt();
CREATE TRIGGER message_stats_hour_groups_updated AFTER UPDATE ON message_stats_hourly
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stats_hour_groups_rebuilt();
CREATE TRIGGER message_stats_hour_groups_deleted AFTER DELETE ON message_stats_hourly
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stats_hour_groups_rebuilt();

-- The hourly counts already folded, one row per hour, dimension and direction.
INSERT INTO message_stats_hour_groups (dimension, bucket, direction, "values", counts)
SELECT dimension, bucket, direction,
       coalesce(array_agg(value ORDER BY value) FILTER (WHERE count <> 0), '{}'),
       coalesce(array_agg(count ORDER BY value) FILTER (WHERE count <> 0), '{}')
FROM message_stats_hourly
GROUP BY 1, 2, 3;
