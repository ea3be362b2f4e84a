-- V35's column comment says source_hash is PostgreSQL's hash of the row's target columns; since the
-- delta import it is the importer's own hash of the source row as the SQLite file holds it (before any
-- conversion), so that an unchanged row is told without converting or staging it. The schema says so
-- here, where a reader of the database looks.
COMMENT ON COLUMN import_row_hashes.source_hash IS
    'The importer''s 64-bit hash of the source row as the SQLite file holds it, before conversion: each value with its SQLite type, seeded with the table, its column names and the options that change what a row converts to (SourceRowHash in db-migrate). An import finds a row unchanged when this matches.';
COMMENT ON COLUMN import_row_hashes.target_hash IS
    'hashtextextended(row::text, 0) over the row''s target columns as the import left them: a later import tells a change made in the target since by this moving.';
