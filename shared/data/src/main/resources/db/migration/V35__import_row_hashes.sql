-- What the SQLite import wrote, per target row: the hash of the row as staged from the source and of
-- the row as the import left it. A later import of the (changed) source tells an update in the source
-- (the source hash moved) from a change made in the target since (the target hash moved): the first is
-- applied, both at once are a conflict, and a row gone from the source can be deleted only if nobody
-- changed it since. Written by the importer only.
CREATE TABLE import_row_hashes
(
    target_table  text        NOT NULL,
    target_id     text        NOT NULL,
    -- hashtextextended(row::text, 0) over the row's target columns
    source_hash   bigint      NOT NULL,
    target_hash   bigint      NOT NULL,
    import_run_id text        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (target_table, target_id)
);
CREATE INDEX import_row_hashes_run_idx ON import_row_hashes (import_run_id);
CREATE TRIGGER import_row_hashes_updated_at BEFORE UPDATE ON import_row_hashes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
