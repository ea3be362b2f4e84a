-- What the SQLite import keeps about itself: one record per run, and every source row that was
-- not imported as it stood (rejected with a reason, or merged into another row).

CREATE TABLE import_runs
(
    id            text PRIMARY KEY CHECK (id <> ''),
    source_name   text        NOT NULL,
    source_sha256 text,
    status        text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    dry_run       boolean     NOT NULL DEFAULT false,
    options       jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
    -- per table: source, imported, merged, rejected
    report        jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(report) = 'object'),
    -- per table: counts and key checksums of source and target
    verification  jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(verification) = 'object'),
    error         text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX import_runs_source_idx ON import_runs (source_sha256, started_at DESC);
CREATE TRIGGER import_runs_updated_at BEFORE UPDATE ON import_runs FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE import_rejects
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_run_id text        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    source_table  text        NOT NULL,
    -- the row's key in the source (its id, or SQLite's rowid)
    source_key    text        NOT NULL,
    reason        text        NOT NULL CHECK (reason <> ''),
    -- the row as it was read: every column, blobs as base64
    raw_row       jsonb       NOT NULL CHECK (jsonb_typeof(raw_row) = 'object'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX import_rejects_once_key ON import_rejects (source_table, source_key);
CREATE INDEX import_rejects_run_idx ON import_rejects (import_run_id);
CREATE TRIGGER import_rejects_updated_at BEFORE UPDATE ON import_rejects FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE import_merges
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_run_id text        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    source_table  text        NOT NULL,
    source_key    text        NOT NULL,
    merged_into   text        NOT NULL,
    raw_row       jsonb       NOT NULL CHECK (jsonb_typeof(raw_row) = 'object'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX import_merges_once_key ON import_merges (source_table, source_key);
CREATE TRIGGER import_merges_updated_at BEFORE UPDATE ON import_merges FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Tables of a legacy file that the schema file does not list, carried when the user asks for it.
CREATE TABLE legacy_rows
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_run_id text        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    source_table  text        NOT NULL,
    source_rowid  bigint      NOT NULL,
    row_data      jsonb       NOT NULL CHECK (jsonb_typeof(row_data) = 'object'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT legacy_rows_once UNIQUE (source_table, source_rowid)
);
CREATE TRIGGER legacy_rows_updated_at BEFORE UPDATE ON legacy_rows FOR EACH ROW EXECUTE FUNCTION set_updated_at();
