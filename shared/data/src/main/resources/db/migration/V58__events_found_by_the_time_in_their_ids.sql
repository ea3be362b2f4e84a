-- Retention (delete events older than 30 days) and replay (re-send a time range) find events by the millisecond
-- each event's ULID id carries (OutboxWriter.firstIdAt), through the primary key. The index on created_at served
-- only those two and cost an index entry for every event written, on the webhook's hot path.
DROP INDEX events_created_at_idx;
