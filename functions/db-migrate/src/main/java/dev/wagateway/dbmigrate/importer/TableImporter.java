package dev.wagateway.dbmigrate.importer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.dbmigrate.importer.TableSpec.Reference;
import dev.wagateway.dbmigrate.importer.TableSpec.Unique;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moves one legacy table: streams its rows, converted, into a staging table with COPY; settles in
 * SQL what needs other rows (references, merges, duplicates, rows already in the target); writes the
 * rest into the target in one INSERT; and keeps every row it did not import in the reject or merge table.
 *
 * <p>Staging outcomes: NULL (to insert), {@code present} (an identical row is already there),
 * {@code invalid} (rejected while converting), {@code rejected}, {@code merged}.
 */
final class TableImporter {

    private static final int REJECT_BATCH = 500;

    private final TableSpec spec;
    private final Connection target;
    private final SourceDatabase source;
    private final Phones phones;
    private final String runId;
    private final Progress progress;
    private final String stage;
    private final List<String> columns;

    /** How a run writes. */
    enum Mode {
        /**
         * Every table of the target is empty: one transaction, keys and indexes rebuilt once after the rows
         * (the tables are locked until it commits); an interrupted run leaves nothing.
         */
        FIRST,
        /**
         * The target already holds rows (an earlier import, live traffic): online, in short transactions of
         * {@value #WRITE_BATCH} rows under row locks, never a table lock above ROW EXCLUSIVE; an interrupted run
         * keeps the batches it committed and a re-run goes on from them.
         */
        DELTA,
        /**
         * The connection is in a READ ONLY transaction: the staging tables were made before it began
         * ({@link #createStages}); nothing but them is written, nor locked above ACCESS SHARE.
         */
        DRY
    }

    static final int WRITE_BATCH = 5_000;

    private final Mode mode;
    private final boolean dryRun;
    private final boolean applyDeletes;
    private final List<String> notes;
    private final String defaultRegion;
    /** The hashes an earlier run kept, when this run may skip the rows they show unchanged; else null. */
    private StoredRowHashes stored;
    private long skippedUnchanged;
    /** Lines this run's COPY wrote into the stage. */
    private long stagedLines;
    private final List<String> skippedWithRejects = new ArrayList<>();

    /**
     * @param applyDeletes remove (soft-delete where the table has deleted_at) rows an earlier run imported that are
     *                     gone from the source, when nobody changed them since
     * @param notes        what the report says about the table besides its counts
     */
    TableImporter(TableSpec spec, Connection target, SourceDatabase source, Phones phones, String runId, Progress progress,
                  Mode mode, boolean applyDeletes, List<String> notes, String defaultRegion) {
        this.spec = spec;
        this.target = target;
        this.source = source;
        this.phones = phones;
        this.runId = runId;
        this.progress = progress;
        this.mode = mode;
        this.dryRun = mode == Mode.DRY;
        this.applyDeletes = applyDeletes;
        this.notes = new ArrayList<>(notes);
        this.defaultRegion = defaultRegion;
        this.stage = stageOf(spec);
        this.columns = targetColumns(spec);
    }

    private static String stageOf(TableSpec spec) {
        return stageOf(spec.name());
    }

    static String stageOf(String table) {
        return "import_stage_" + table;
    }

    private static String unseenOf(TableSpec spec) {
        return "import_unseen_" + spec.name();
    }

    private static String groupsOf(TableSpec spec) {
        return "import_merge_" + spec.name();
    }

    private static List<String> targetColumns(TableSpec spec) {
        List<String> columns = new ArrayList<>(spec.columns().stream().map(Column::name).toList());
        columns.add("metadata");
        return columns;
    }

    /**
     * The staging tables of one table. A first import makes them inside its transaction (dropped at commit); a
     * dry run makes them before its READ ONLY transaction begins (which may write only temporary tables that
     * exist), and a delta run before its first batch (they outlive its commits).
     */
    static void createStages(Connection target, TableSpec spec, boolean beforeTheTransaction) throws SQLException {
        String onCommit = beforeTheTransaction ? " ON COMMIT PRESERVE ROWS" : " ON COMMIT DROP";
        try (Statement statement = target.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + stageOf(spec) + onCommit + " AS SELECT " + String.join(", ", targetColumns(spec))
                    + " FROM " + spec.name() + " WITH NO DATA");
            statement.execute("ALTER TABLE " + stageOf(spec) + " ADD COLUMN _rowid bigint, ADD COLUMN _outcome text, ADD COLUMN _reason text, "
                    + "ADD COLUMN _target text, ADD COLUMN _dangling boolean, ADD COLUMN _written boolean, ADD COLUMN _source_hash bigint");
            statement.execute("CREATE TEMP TABLE " + unseenOf(spec) + " (key bigint)" + onCommit);
            if (spec.mergePhone()) {
                statement.execute("CREATE TEMP TABLE " + groupsOf(spec) + " (_rowid bigint, id text, winner text, rank bigint)" + onCommit);
            }
        }
    }

    /** Drops what {@link #createStages} made before a dry or delta run's transactions. */
    static void dropStages(Connection target, TableSpec spec) throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + stageOf(spec));
            statement.execute("DROP TABLE IF EXISTS " + groupsOf(spec));
            statement.execute("DROP TABLE IF EXISTS " + unseenOf(spec));
        }
    }

    TableReport run() throws Exception {
        long sourceRows = source.count(spec.name());
        boolean targetWasEmpty = !exists("SELECT 1 FROM " + spec.name() + " LIMIT 1");
        if (targetWasEmpty && mode == Mode.FIRST) {
            // Keep it empty until this run's rows are in (live writes wait for the commit), then look again:
            // a row written in between would otherwise be taken for one of this run's.
            execute("LOCK TABLE " + spec.name() + " IN SHARE MODE");
            targetWasEmpty = !exists("SELECT 1 FROM " + spec.name() + " LIMIT 1");
        }
        Phases phases = new Phases();
        if (mode == Mode.FIRST) {
            createStages(target, spec, false);
        }
        Staged staged = copyIntoStage(sourceRows);
        phases.done("read and stage");
        // A delta that found every row unchanged has an empty stage: nothing to check or write, only deletions to look for.
        boolean nothingStaged = mode != Mode.FIRST && stagedLines == 0;
        long dangling = nothingStaged ? 0 : settle(targetWasEmpty);
        phases.done("checks");
        long deleted;
        switch (mode) {
            case FIRST -> {
                insert(targetWasEmpty, phases);
                rememberFirstImport();
                phases.done("row hashes");
                deleted = 0;
            }
            case DELTA -> {
                // The checks only read the target: end that transaction before the writes begin.
                target.commit();
                if (!nothingStaged) {
                    writeInBatches();
                }
                phases.done("insert and update");
                deleted = deletions();
                target.commit();
            }
            default -> deleted = deletions();
        }
        if (!dryRun) {
            keepRejectsAndMerges();
            phases.done("rejects and merges");
        }
        Map<String, Long> outcomes = outcomes();
        TableReport.Verification verification = verify(staged, targetWasEmpty);
        phases.done("verification");
        if (sourceRows >= 10_000) {
            progress.note(spec.name() + ": " + phases);
        }
        long rejected = outcomes.getOrDefault("invalid", 0L) + outcomes.getOrDefault("rejected", 0L);
        long conflicts = count("SELECT count(*) FROM " + stage + " WHERE _outcome = 'rejected' AND _reason LIKE 'conflict%'");
        return new TableReport(spec.name(), sourceRows, outcomes.getOrDefault("inserted", 0L),
                outcomes.getOrDefault("present", 0L) + outcomes.getOrDefault("unchanged", 0L) + skippedUnchanged,
                outcomes.getOrDefault("merged", 0L), rejected, dangling, 0, verification, notes,
                outcomes.getOrDefault("update", 0L), conflicts, deleted);
    }

    /** References, merges, rows already in the target, unique values: what needs other rows. Returns the dangling count. */
    private long settle(boolean targetWasEmpty) throws SQLException {
        if (mode == Mode.DELTA) {
            // The batches find their rows by _rowid and join the target by id: without these, each batch scans
            // the whole stage once per row it writes (a 15,000-row delta took minutes).
            execute("CREATE INDEX ON " + stage + " (_rowid)");
            execute("CREATE INDEX ON " + stage + " (id)");
        }
        execute("ANALYZE " + stage + " (" + String.join(", ", columnsTheChecksUse()) + ")");
        long dangling = settleReferences();
        if (spec.mergePhone()) {
            mergeByPhone();
        }
        if (!targetWasEmpty) {
            markRowsAlreadyThere();
        }
        settleUniques(targetWasEmpty);
        rejectMergesIntoRejectedRows();
        return dangling;
    }

    /**
     * The stage's columns the checks join, group or filter on: the planner needs their statistics, not those of the
     * wide text and JSON columns, which made ANALYZE of messages' stage four times dearer (1.3 s against 0.3 s, 100k rows).
     */
    private List<String> columnsTheChecksUse() {
        Set<String> used = new java.util.LinkedHashSet<>(List.of("id", "_rowid", "_outcome", "_target"));
        spec.references().forEach(reference -> used.addAll(reference.columns()));
        spec.uniques().forEach(unique -> used.addAll(unique.columns()));
        if (spec.mergePhone()) {
            used.addAll(List.of("phone", "updated_at"));
        }
        if (columns.contains("deleted_at")) {
            used.add("deleted_at");
        }
        return List.copyOf(used);
    }

    /**
     * The 64-bit hash of a row's target columns as text, for {@code alias}: PostgreSQL's own text hash (the one
     * hash partitioning relies on staying stable), several times cheaper than md5 over a million rows.
     */
    private String rowHash(String alias) {
        String row = columns.stream().map(c -> alias + "." + c).collect(Collectors.joining(", "));
        return "hashtextextended(ROW(" + row + ")::text, 0)";
    }

    /**
     * Into empty tables: every row this run wrote is the staged row. The run forgot the tables' earlier hashes
     * and suspended the keys of import_row_hashes before the first table ({@code SqliteImporter}), so a plain
     * INSERT suffices; the rebuilt primary key still refuses a row hashed twice.
     */
    private void rememberFirstImport() throws SQLException {
        try (PreparedStatement remember = target.prepareStatement("INSERT INTO import_row_hashes (target_table, target_id, source_hash, "
                + "target_hash, import_run_id) SELECT ?, s.id::text, s._source_hash, " + rowHash("s") + ", ? FROM " + stage
                + " s WHERE s._outcome IS NULL")) {
            remember.setString(1, spec.name());
            remember.setString(2, runId);
            remember.executeUpdate();
        }
    }

    /** Hashes of the staged rows matching {@code where} (over stage s and the target t), as the target now holds them. */
    private void rememberRows(String where, long... bounds) throws SQLException {
        try (PreparedStatement remember = target.prepareStatement("INSERT INTO import_row_hashes (target_table, target_id, source_hash, "
                + "target_hash, import_run_id) SELECT ?, t.id::text, s._source_hash, " + rowHash("t") + ", ? FROM " + stage
                + " s JOIN " + spec.name() + " t ON t.id = s.id WHERE " + where + " ON CONFLICT (target_table, target_id) DO UPDATE "
                + "SET source_hash = EXCLUDED.source_hash, target_hash = EXCLUDED.target_hash, import_run_id = EXCLUDED.import_run_id")) {
            remember.setString(1, spec.name());
            remember.setString(2, runId);
            for (int i = 0; i < bounds.length; i++) {
                remember.setLong(3 + i, bounds[i]);
            }
            remember.executeUpdate();
        }
    }

    /**
     * New and updated rows, {@value #WRITE_BATCH} at a time, each batch its own short transaction. An update
     * locks the target row and applies only if the row still is what this import last wrote (checked again
     * under the lock, so an API write in between wins and the source row becomes a conflict); a message's
     * status only moves forward. A new row that meets a row another writer added meanwhile (same id or
     * unique values) is a conflict too. Every row written gets its hashes in the same transaction.
     */
    private void writeInBatches() throws SQLException {
        String hashes = "import_row_hashes h ON h.target_table = '" + spec.name() + "' AND h.target_id = t.id::text";
        String inBatch = " AND s._rowid > ? AND s._rowid <= ?";
        String assignments = columns.stream().filter(c -> !c.equals("id"))
                .map(c -> c + " = " + (c.equals("status") && spec.name().equals("messages")
                        ? "CASE WHEN message_status_rank(s.status) < message_status_rank(t.status)"
                        + " THEN t.status ELSE s.status END"
                        : "s." + c))
                .collect(Collectors.joining(", "));
        String update = "WITH locked AS (SELECT t.id FROM " + spec.name() + " t JOIN " + stage + " s ON s.id = t.id JOIN " + hashes
                + " WHERE s._outcome = 'update'" + inBatch + " AND " + rowHash("t") + " = h.target_hash FOR UPDATE OF t), "
                + "written AS (UPDATE " + spec.name() + " t SET " + assignments + " FROM " + stage + " s, locked l "
                + "WHERE l.id = t.id AND s.id = t.id AND s._outcome = 'update' RETURNING t.id) "
                + "UPDATE " + stage + " s SET _written = true FROM written w WHERE s.id = w.id AND s._outcome = 'update'";
        String insert = "WITH written AS (INSERT INTO " + spec.name() + " (" + String.join(", ", columns) + ") SELECT "
                + String.join(", ", columns) + " FROM " + stage + " s WHERE s._outcome IS NULL" + inBatch
                + " ON CONFLICT DO NOTHING RETURNING id) "
                + "UPDATE " + stage + " s SET _written = true FROM written w WHERE s.id = w.id AND s._outcome IS NULL";
        String missed = "UPDATE " + stage + " s SET _reason = CASE WHEN s._outcome = 'update' THEN 'conflict: id ' || s.id "
                + "|| ' changed in the target while this import ran; the target row was kept' ELSE 'conflict: while this import ran, "
                + "the target gained a row with id ' || s.id || ' or with its unique values; that row was kept' END, "
                + "_outcome = 'rejected' WHERE (s._outcome IS NULL OR s._outcome = 'update') AND s._written IS NOT TRUE" + inBatch;
        try (PreparedStatement next = target.prepareStatement("SELECT max(_rowid), count(*) FROM (SELECT _rowid FROM " + stage
                + " WHERE (_outcome IS NULL OR _outcome = 'update') AND _rowid > ? ORDER BY _rowid LIMIT " + WRITE_BATCH + ") b");
             PreparedStatement updates = target.prepareStatement(update);
             PreparedStatement inserts = target.prepareStatement(insert);
             PreparedStatement misses = target.prepareStatement(missed)) {
            long after = Long.MIN_VALUE;
            while (true) {
                next.setLong(1, after);
                long upto;
                try (ResultSet result = next.executeQuery()) {
                    result.next();
                    if (result.getLong(2) == 0) {
                        break;
                    }
                    upto = result.getLong(1);
                }
                for (PreparedStatement statement : List.of(updates, inserts, misses)) {
                    statement.setLong(1, after);
                    statement.setLong(2, upto);
                    statement.executeUpdate();
                }
                rememberRows("s._written AND s._rowid > ? AND s._rowid <= ?", after, upto);
                target.commit();
                after = upto;
            }
        }
        // Rows the source and the target agree on, without a hash yet (imported before hashes were kept) or
        // with an outdated one (both sides made the same change): remembered now, so the next run can tell.
        rememberRows("s._outcome = 'present' AND NOT EXISTS (SELECT 1 FROM import_row_hashes h WHERE h.target_table = '"
                + spec.name() + "' AND h.target_id = t.id::text AND h.source_hash = s._source_hash AND h.target_hash = "
                + rowHash("t") + ")");
        target.commit();
    }

    /**
     * Rows an earlier run imported that are gone from the source: counted, and with {@code --apply-deletes}
     * removed (soft-deleted where the table has deleted_at) when the target row is still what the import wrote,
     * under a row lock. Returns how many are gone; the notes say what was done with them.
     */
    private long deletions() throws SQLException {
        // Rows skipped as unchanged are not in the stage: then only ids no source row had are candidates.
        String candidates = stored == null ? "" : " AND " + SourceRowHash.idKeySql("h.target_id") + " IN (SELECT key FROM " + unseenOf(spec) + ")";
        String gone = "SELECT h.target_id FROM import_row_hashes h WHERE h.target_table = '" + spec.name() + "'" + candidates + " AND NOT EXISTS "
                + "(SELECT 1 FROM " + stage + " s WHERE coalesce(s.id::text, s._target) = h.target_id)";
        long count = count("SELECT count(*) FROM (" + gone + ") g");
        if (count == 0) {
            return 0;
        }
        if (!applyDeletes || dryRun) {
            notes.add(String.format("%,d row%s imported earlier %s gone from the source%s", count, count == 1 ? "" : "s",
                    count == 1 ? "is" : "are", dryRun && applyDeletes ? "; the real run removes those nobody changed since"
                            : "; kept (--apply-deletes removes those nobody changed since)"));
            return count;
        }
        boolean soft = columns.contains("deleted_at");
        String locked = "WITH gone AS (" + gone + "), locked AS (SELECT t.id FROM " + spec.name() + " t JOIN gone g ON g.target_id = t.id::text "
                + "JOIN import_row_hashes h ON h.target_table = '" + spec.name() + "' AND h.target_id = t.id::text WHERE "
                + rowHash("t") + " = h.target_hash FOR UPDATE OF t), ";
        String remove = soft
                ? locked + "removed AS (UPDATE " + spec.name() + " t SET deleted_at = clock_timestamp() FROM locked l WHERE t.id = l.id "
                + "AND t.deleted_at IS NULL RETURNING t.id) "
                : locked + "removed AS (DELETE FROM " + spec.name() + " t USING locked l WHERE t.id = l.id RETURNING t.id) ";
        long removed = count(remove + "SELECT count(*) FROM removed");
        // Forget the rows that are gone from both sides now (removed here, or deleted in the target before).
        long forgotten = update("DELETE FROM import_row_hashes h WHERE h.target_table = '" + spec.name() + "' AND h.target_id IN ("
                + gone + ") AND NOT EXISTS (SELECT 1 FROM " + spec.name() + " t WHERE t.id::text = h.target_id"
                + (soft ? " AND t.deleted_at IS NULL" : "") + ")");
        long kept = count - forgotten;
        notes.add(String.format("%,d row%s imported earlier %s gone from the source: %,d %s%s", count, count == 1 ? "" : "s",
                count == 1 ? "is" : "are", removed, soft ? "soft-deleted (deleted_at set)" : "deleted",
                kept > 0 ? String.format("; %,d changed in the target since (or already deleted there), kept", kept) : ""));
        return count;
    }

    private record Staged(long count, long checksum) {
    }

    private Staged copyIntoStage(long sourceRows) throws Exception {
        List<String> sourceColumns = source.columns(spec.name());
        RowConverter converter = new RowConverter(spec, sourceColumns, phones);
        SourceRowHash hash = new SourceRowHash(spec.name(), sourceColumns, String.valueOf(defaultRegion));
        Set<String> rejectedBefore = Set.of();
        Progress.Task task = progress.start(spec.name(), sourceRows);
        RawRows hashed = null;
        if (mode != Mode.FIRST && !spec.mergePhone()) {
            // Contacts stay on the long way: merging by number needs every row of the group in the stage.
            rejectedBefore = keysInRejects();
            hashed = hashEveryRow(sourceRows, sourceColumns, converter, task);
        }
        Set<String> rejectKeys = rejectedBefore;
        int[] keyIndexes = spec.keyColumns().stream().mapToInt(columns::indexOf).toArray();
        KeyChecksum checksum = new KeyChecksum();
        long[] totals = new long[2];
        String copy = "COPY " + stage + " (" + String.join(", ", columns) + ", _rowid, _outcome, _reason, _target, _source_hash) FROM STDIN";
        // When rows are skipped, the COPY's lines are no longer the file's rows in order: a failure names its row
        // by the keys of the lines written.
        RowKeys written = stored == null ? null : new RowKeys();
        try (CopyWriter out = new CopyWriter(target, copy)) {
            StringBuilder line = new StringBuilder(512);
            String[] keys = new String[keyIndexes.length];
            boolean[] counted = {false};
            SourceDatabase.RowConsumer stageRow = (rowid, values) -> {
                long sourceHash = hash.of(values);
                if (!counted[0]) {
                    task.step();
                }
                if (stored != null) {
                    String id = converter.rawId(values);
                    if (stored.unchanged(id, sourceHash)) {
                        // As the earlier run saw it: nothing to convert, compare or write.
                        skippedUnchanged++;
                        if (rejectKeys.contains(id)) {
                            skippedWithRejects.add(id);
                        }
                        return;
                    }
                }
                RowConverter.Converted converted = converter.convert(values);
                line.setLength(0);
                if (converted.rejected()) {
                    line.append("\\N\t".repeat(columns.size()));
                    line.append(rowid).append("\tinvalid\t");
                    CopyText.appendField(line, converted.rejectReason());
                    // Its id as the file has it: a row that could not be converted is not a row gone from the source.
                    line.append('\t');
                    CopyText.appendField(line, converter.rawId(values));
                } else {
                    String[] row = converted.values();
                    for (String value : row) {
                        CopyText.appendField(line, value);
                        line.append('\t');
                    }
                    line.append(rowid).append("\t\\N\t\\N\t\\N");
                    for (int k = 0; k < keyIndexes.length; k++) {
                        keys[k] = row[keyIndexes[k]];
                    }
                    totals[0]++;
                    totals[1] ^= checksum.row(keys);
                }
                line.append('\t').append(sourceHash).append('\n');
                if (written != null) {
                    written.add(rowid);
                }
                stagedLines++;
                out.write(line);
            };
            if (hashed == null) {
                ReadAhead.stream(source, spec.name(), stageRow);
            } else {
                // Only the rows whose hash is not the one kept (new, changed, or never hashed) are read in full.
                counted[0] = true;
                Map<Long, String> rejectsByKey = new java.util.HashMap<>();
                java.security.MessageDigest md5 = SourceRowHash.newMd5();
                rejectKeys.forEach(id -> rejectsByKey.put(SourceRowHash.idKey(md5, id), id));
                RowKeys changed = new RowKeys();
                for (int i = 0; i < hashed.size; i++) {
                    if (!hashed.noId.get(i) && stored.unchanged(hashed.keys[i], hashed.hashes[i])) {
                        // As the earlier run saw it: nothing to convert, compare or write.
                        skippedUnchanged++;
                        String rejected = rejectsByKey.get(hashed.keys[i]);
                        if (rejected != null) {
                            skippedWithRejects.add(rejected);
                        }
                    } else {
                        changed.add(hashed.rowids[i]);
                    }
                }
                source.streamRows(spec.name(), changed.keys, changed.size, stageRow);
            }
        } catch (java.io.IOException | SQLException e) {
            throw written == null ? CopyFailure.of(source, spec.name(), e) : CopyFailure.of(source, spec.name(), e, written::at);
        } finally {
            task.close();
        }
        if (stored != null && !stored.isEmpty()) {
            try (CopyWriter out = new CopyWriter(target, "COPY " + unseenOf(spec) + " (key) FROM STDIN")) {
                StringBuilder line = new StringBuilder(24);
                for (long key : (Iterable<Long>) stored.unseen()::iterator) {
                    line.setLength(0);
                    out.write(line.append(key).append('\n'));
                }
            }
            if (skippedUnchanged > 0) {
                notes.add(String.format("%,d row%s unchanged in the source since the run that wrote %s: not staged again",
                        skippedUnchanged, skippedUnchanged == 1 ? "" : "s", skippedUnchanged == 1 ? "it" : "them"));
            }
        }
        if (!converter.unknownColumns().isEmpty()) {
            progress.note(spec.name() + ": columns the schema file does not list, kept in metadata under '"
                    + RowConverter.LEGACY + ".columns': " + converter.unknownColumns());
        }
        return new Staged(totals[0], totals[1]);
    }

    /** Every row of a table as a delta's first pass saw it: rowid, id key (none: {@code noId}) and hash, in rowid order. */
    private static final class RawRows {
        private final long[] rowids;
        private final long[] keys;
        private final long[] hashes;
        private final java.util.BitSet noId = new java.util.BitSet();
        private int size;

        RawRows(long rows) {
            int capacity = (int) Math.min(rows, Integer.MAX_VALUE - 8);
            rowids = new long[capacity];
            keys = new long[capacity];
            hashes = new long[capacity];
        }

        void add(long rowid, long key, boolean hasId, long hash) {
            if (size == rowids.length) {
                // The file gained rows since they were counted: cannot happen within one snapshot.
                throw new IllegalStateException("more rows than counted");
            }
            rowids[size] = rowid;
            keys[size] = key;
            hashes[size] = hash;
            if (!hasId) {
                noId.set(size);
            }
            size++;
        }
    }

    /**
     * A delta's first pass: every row hashed as the file holds it, without reading it into objects (several times
     * cheaper), while the hashes the earlier run kept come from PostgreSQL on another thread (the two overlap; nothing
     * else uses the target connection meanwhile). Sets {@link #stored}; returns null when the table has no rowid to
     * read it by (then every row is read in full and compared).
     */
    private RawRows hashEveryRow(long sourceRows, List<String> sourceColumns, RowConverter converter, Progress.Task task) throws Exception {
        java.util.concurrent.CompletableFuture<StoredRowHashes> loading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return StoredRowHashes.load(target, spec.name(), spec.integerId());
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, SqliteImporter::onItsOwnThread);
        RawRows rows = new RawRows(sourceRows);
        java.security.MessageDigest md5 = SourceRowHash.newMd5();
        SourceRowHash rawHash = new SourceRowHash(spec.name(), sourceColumns, String.valueOf(defaultRegion));
        boolean read;
        try {
            read = source.hashRows(spec.name(), converter.rawIdColumn(), rawHash, (rowid, id, sourceHash) -> {
                task.step();
                rows.add(rowid, id == null ? 0 : SourceRowHash.idKey(md5, id), id != null, sourceHash);
            });
        } catch (Exception e) {
            // The loader still holds the target connection: let it finish before anything else uses it.
            loading.handle((result, failure) -> null).join();
            throw e;
        }
        try {
            stored = loading.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof SQLException cause ? cause : e;
        }
        return read ? rows : null;
    }

    /** The keys of the rows a COPY got, in the order it got them (8 bytes a row: only rows staged). */
    private static final class RowKeys {
        private long[] keys = new long[1024];
        private int size;

        void add(long key) {
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
            }
            keys[size++] = key;
        }

        /** The key of line {@code line} (from 1). */
        long at(long line) {
            return line >= 1 && line <= size ? keys[(int) line - 1] : -1;
        }
    }

    /** Returns how many rows had a reference set aside (rows rejected for one are not counted). */
    private long settleReferences() throws SQLException {
        for (Reference reference : spec.references()) {
            String present = "s." + reference.columns().getFirst() + " IS NOT NULL";
            StringBuilder match = new StringBuilder();
            for (int i = 0; i < reference.columns().size(); i++) {
                match.append(i == 0 ? "" : " AND ").append("r.").append(reference.targetColumns().get(i))
                        .append(" = s.").append(reference.columns().get(i));
            }
            String missing = "s._outcome IS NULL AND " + present + " AND NOT EXISTS (SELECT 1 FROM " + reference.table()
                    + " r WHERE " + match + ")";
            if (dryRun && !reference.table().equals(spec.name()) && exists("SELECT to_regclass('pg_temp." + stageOf(reference.table()) + "') WHERE "
                    + "to_regclass('pg_temp." + stageOf(reference.table()) + "') IS NOT NULL")) {
                // Nothing was written: the rows the referenced table would have gained are still in its staging table.
                missing += " AND NOT EXISTS (SELECT 1 FROM " + stageOf(reference.table()) + " r WHERE r._outcome IS NULL AND " + match + ")";
            }
            String column = reference.columns().getLast();
            if (reference.rejectWhenGone()) {
                update("UPDATE " + stage + " s SET _outcome = 'rejected', _reason = '" + column + ": no " + reference.table()
                        + " row ' || s." + column + " || ' (dangling reference)' WHERE " + missing);
            } else {
                String keep = "jsonb_set(s.metadata, '{" + RowConverter.LEGACY + "}', coalesce(s.metadata -> '" + RowConverter.LEGACY
                        + "', '{}') || jsonb_build_object('dangling', coalesce(s.metadata -> '" + RowConverter.LEGACY
                        + "' -> 'dangling', '{}') || jsonb_build_object('" + column + "', to_jsonb(s." + column + "))))";
                String nulled = reference.nullable() ? column + " = NULL, " : "";
                update("UPDATE " + stage + " s SET " + nulled + "_dangling = true, metadata = " + keep + " WHERE " + missing);
            }
        }
        return count("SELECT count(*) FROM " + stage + " WHERE _dangling AND _outcome IS NULL");
    }

    /**
     * Live contacts whose numbers are one number in two spellings become one: the most recently
     * updated stays and takes over what only the others had; the counters add up.
     */
    private void mergeByPhone() throws SQLException {
        String groups = groupsOf(spec);
        execute("INSERT INTO " + groups + " SELECT _rowid, id, "
                + "first_value(id) OVER w AS winner, row_number() OVER w AS rank FROM " + stage
                + " WHERE _outcome IS NULL AND deleted_at IS NULL WINDOW w AS (PARTITION BY phone ORDER BY updated_at DESC, id DESC)");
        execute("DELETE FROM " + groups + " g WHERE NOT EXISTS (SELECT 1 FROM " + groups + " o WHERE o.winner = g.winner AND o.rank > 1)");
        String legacy = RowConverter.LEGACY;
        update("UPDATE " + stage + " w SET "
                + "name = coalesce(w.name, o.name), "
                + "profile_picture_url = coalesce(w.profile_picture_url, o.profile_picture_url), "
                + "last_message_at = greatest(w.last_message_at, o.last_message_at), "
                + "message_count = w.message_count + o.message_count, "
                + "unread_count = w.unread_count + o.unread_count, "
                + "is_blocked = w.is_blocked OR o.is_blocked, "
                + "created_at = least(w.created_at, o.created_at), "
                + "metadata = o.metadata || w.metadata || jsonb_build_object('" + legacy + "', coalesce(w.metadata -> '" + legacy
                + "', '{}') || jsonb_build_object('merged_from', o.ids)) "
                + "FROM (SELECT g.winner, "
                + "(array_agg(s.name ORDER BY s.updated_at DESC, s.id DESC) FILTER (WHERE s.name IS NOT NULL))[1] AS name, "
                + "(array_agg(s.profile_picture_url ORDER BY s.updated_at DESC, s.id DESC) FILTER (WHERE s.profile_picture_url IS NOT NULL))[1] AS profile_picture_url, "
                + "max(s.last_message_at) AS last_message_at, sum(s.message_count)::int AS message_count, "
                + "sum(s.unread_count)::int AS unread_count, bool_or(s.is_blocked) AS is_blocked, min(s.created_at) AS created_at, "
                + "jsonb_agg(s.id ORDER BY s.id) AS ids, "
                + "(SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM " + stage + " l JOIN " + groups
                + " lg ON lg._rowid = l._rowid AND lg.rank > 1 AND lg.winner = g.winner, jsonb_each(l.metadata - '" + legacy + "') e) AS metadata "
                + "FROM " + groups + " g JOIN " + stage + " s ON s._rowid = g._rowid WHERE g.rank > 1 GROUP BY g.winner) o "
                + "WHERE w.id = o.winner AND w._outcome IS NULL");
        update("UPDATE " + stage + " s SET _outcome = 'merged', _target = g.winner FROM " + groups
                + " g WHERE g._rowid = s._rowid AND g.rank > 1");
    }

    /**
     * A row merged into one that was rejected afterwards (its id or number already belongs to another row of the
     * target) would be recorded as merged into a row that is not there: it is rejected too, saying why.
     */
    private void rejectMergesIntoRejectedRows() throws SQLException {
        if (!spec.mergePhone()) {
            return;
        }
        update("UPDATE " + stage + " m SET _outcome = 'rejected', _reason = 'merged into ' || w.id || ' (the same number), "
                + "which was rejected: ' || w._reason, _target = NULL FROM " + stage + " w "
                + "WHERE m._outcome = 'merged' AND w.id = m._target AND w._outcome IN ('rejected', 'invalid')");
    }

    /**
     * Rows whose id the target already holds. Identical: present. Otherwise the row hashes this import keeps
     * decide: the source unchanged since the run that wrote the row (the target changed it since): unchanged,
     * the live row stays; the target unchanged since (only the source changed): the row is updated; both
     * changed, or a live row the import never wrote: a conflict, the target row stays and the source row is
     * kept in import_rejects.
     */
    private void markRowsAlreadyThere() throws SQLException {
        String sourceRow = columns.stream().map(c -> "s." + c).collect(Collectors.joining(", "));
        String targetRow = columns.stream().map(c -> "t." + c).collect(Collectors.joining(", "));
        String same = "ROW(" + sourceRow + ") IS NOT DISTINCT FROM ROW(" + targetRow + ")";
        String updatedAt = columns.contains("updated_at") ? "coalesce(t.updated_at::text, 'NULL')" : "'n/a'";
        update("UPDATE " + stage + " s SET "
                + "_outcome = CASE WHEN " + same + " THEN 'present' WHEN h.target_id IS NULL THEN 'rejected' "
                + "WHEN s._source_hash = h.source_hash THEN 'unchanged' WHEN " + rowHash("t") + " = h.target_hash THEN 'update' "
                + "ELSE 'rejected' END, "
                + "_reason = CASE WHEN " + same + " THEN NULL "
                + "WHEN h.target_id IS NULL THEN 'conflict: the target already holds id ' || s.id || ' with other values (target updated_at ' || "
                + updatedAt + " || '); the live row was kept' "
                + "WHEN s._source_hash = h.source_hash OR " + rowHash("t") + " = h.target_hash THEN NULL "
                + "ELSE 'conflict: id ' || s.id || ' changed in the source and in the target since run ' || h.import_run_id "
                + "|| ' imported it (target updated_at ' || " + updatedAt + " || '); the target row was kept' END "
                + "FROM " + spec.name() + " t LEFT JOIN import_row_hashes h ON h.target_table = '" + spec.name() + "' AND h.target_id = t.id::text "
                + "WHERE t.id = s.id AND s._outcome IS NULL");
    }

    private void settleUniques(boolean targetWasEmpty) throws SQLException {
        for (Unique unique : spec.uniques()) {
            String cols = String.join(", ", unique.columns());
            String where = unique.where() == null ? "" : " AND " + unique.where().replaceAll("(?<![.\\w])(\\w+) IS", "s.$1 IS");
            String equal = unique.columns().stream().map(c -> "d." + c + " = s." + c).collect(Collectors.joining(" AND "));
            String duplicates = "SELECT " + cols + ", min(_rowid) AS keep FROM " + stage
                    + " s WHERE (_outcome IS NULL OR _outcome IN ('present', 'update'))" + where + " GROUP BY " + cols + " HAVING count(*) > 1";
            update("UPDATE " + stage + " s SET _outcome = 'rejected', _reason = 'duplicate (" + cols
                    + ") of source row ' || (SELECT k.id FROM " + stage + " k WHERE k._rowid = d.keep)::text FROM (" + duplicates + ") d WHERE "
                    + equal + " AND s._rowid <> d.keep AND (s._outcome IS NULL OR s._outcome = 'update')" + where);
            if (!targetWasEmpty) {
                String liveEqual = unique.columns().stream().map(c -> "t." + c + " = s." + c).collect(Collectors.joining(" AND "));
                String liveWhere = unique.where() == null ? "" : " AND " + unique.where().replaceAll("(?<![.\\w])(\\w+) IS", "t.$1 IS");
                update("UPDATE " + stage + " s SET _outcome = 'rejected', _reason = 'conflict: (" + cols
                        + ") already belongs to ' || t.id || ' in the target; the live row was kept' FROM " + spec.name() + " t WHERE "
                        + liveEqual + " AND t.id <> s.id AND (s._outcome IS NULL OR s._outcome = 'update')" + where + liveWhere);
            }
        }
    }

    private long insert(boolean targetWasEmpty, Phases phases) throws SQLException {
        DeferredChecks deferred = targetWasEmpty ? DeferredChecks.suspend(target, spec.name()) : null;
        long inserted = update("INSERT INTO " + spec.name() + " (" + String.join(", ", columns) + ") SELECT "
                + String.join(", ", columns) + " FROM " + stage + " WHERE _outcome IS NULL");
        phases.done("insert");
        if (deferred != null) {
            deferred.restore();
            phases.done("indexes and keys");
        }
        return inserted;
    }

    /**
     * Page by page (never the whole list in memory), each row as the file holds it. The records describe the
     * latest run: a key rejected or merged again is updated to this run's reason and raw row, and a key this
     * run imported, or recorded the other way, leaves the table it was in.
     */
    private void keepRejectsAndMerges() throws SQLException {
        List<String> sourceColumns = source.columns(spec.name());
        String update = " DO UPDATE SET import_run_id = EXCLUDED.import_run_id, raw_row = EXCLUDED.raw_row, ";
        String onlyEarlierRuns = " WHERE %s.import_run_id <> EXCLUDED.import_run_id";
        try (PreparedStatement rejects = target.prepareStatement(
                "INSERT INTO import_rejects (import_run_id, source_table, source_key, reason, raw_row) VALUES (?, ?, ?, ?, ?::jsonb) "
                        + "ON CONFLICT (source_table, source_key)" + update + "reason = EXCLUDED.reason" + onlyEarlierRuns.formatted("import_rejects"));
             PreparedStatement merges = target.prepareStatement(
                     "INSERT INTO import_merges (import_run_id, source_table, source_key, merged_into, raw_row) VALUES (?, ?, ?, ?, ?::jsonb) "
                             + "ON CONFLICT (source_table, source_key)" + update + "merged_into = EXCLUDED.merged_into"
                             + onlyEarlierRuns.formatted("import_merges"));
             PreparedStatement page = target.prepareStatement("SELECT _rowid, _outcome, coalesce(_reason, _target) FROM " + stage
                     + " WHERE _outcome IN ('invalid', 'rejected', 'merged') AND _rowid > ? ORDER BY _rowid LIMIT " + REJECT_BATCH)) {
            long after = Long.MIN_VALUE;
            while (true) {
                page.setLong(1, after);
                int rows = 0;
                List<RawRow> rejected = new ArrayList<>();
                List<RawRow> merged = new ArrayList<>();
                try (ResultSet result = page.executeQuery()) {
                    while (result.next()) {
                        rows++;
                        after = result.getLong(1);
                        RawRow raw = rawRow(after, result.getString(3), sourceColumns);
                        ("merged".equals(result.getString(2)) ? merged : rejected).add(raw);
                    }
                }
                write(rejects, rejected);
                write(merges, merged);
                if (rows < REJECT_BATCH) {
                    break;
                }
            }
        }
        forgetWhatThisRunSettledOtherwise();
        forgetRejectsOfSkippedRows();
    }

    /** Keys the reject table holds for this table (few: read whole), to know which skipped rows were rejected before. */
    private Set<String> keysInRejects() throws SQLException {
        Set<String> keys = new HashSet<>();
        try (PreparedStatement statement = target.prepareStatement("SELECT source_key FROM import_rejects WHERE source_table = ?")) {
            statement.setString(1, spec.name());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    keys.add(result.getString(1));
                }
            }
        }
        return keys;
    }

    /**
     * A row skipped as unchanged is what the target got from the run that wrote it: a reject recorded for its id
     * by a run since (a conflict the source has undone) no longer describes it.
     */
    private void forgetRejectsOfSkippedRows() throws SQLException {
        if (skippedWithRejects.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = target.prepareStatement("DELETE FROM import_rejects WHERE source_table = ? AND source_key = ANY (?)")) {
            statement.setString(1, spec.name());
            statement.setArray(2, target.createArrayOf("text", skippedWithRejects.toArray()));
            statement.executeUpdate();
        }
    }

    private record RawRow(long rowid, String key, String reasonOrTarget, String json) {
    }

    /**
     * Adds the rows; a key this run already recorded (two source rows with one id) is recorded again under
     * its row key, so neither raw row is lost.
     */
    private void write(PreparedStatement statement, List<RawRow> rows) throws SQLException {
        for (RawRow row : rows) {
            bind(statement, row.key(), row);
        }
        int[] counts = statement.executeBatch();
        boolean again = false;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                bind(statement, rows.get(i).key() + " (rowid " + rows.get(i).rowid() + ")", rows.get(i));
                again = true;
            }
        }
        if (again) {
            statement.executeBatch();
        }
    }

    private void bind(PreparedStatement statement, String key, RawRow row) throws SQLException {
        statement.setString(1, runId);
        statement.setString(2, spec.name());
        statement.setString(3, key);
        statement.setString(4, row.reasonOrTarget());
        statement.setString(5, row.json());
        statement.addBatch();
    }

    /** Earlier runs' records of keys this run imported, or recorded in the other table. */
    private void forgetWhatThisRunSettledOtherwise() throws SQLException {
        for (String[] tables : new String[][] {{"import_rejects", "import_merges"}, {"import_merges", "import_rejects"}}) {
            try (PreparedStatement statement = target.prepareStatement("DELETE FROM " + tables[0] + " r WHERE r.source_table = ? "
                    + "AND r.import_run_id <> ? AND (r.source_key IN (SELECT s.id::text FROM " + stage + " s WHERE s._outcome IS NULL "
                    + "OR s._outcome IN ('present', 'update', 'unchanged')) OR r.source_key IN (SELECT o.source_key FROM " + tables[1] + " o "
                    + "WHERE o.source_table = r.source_table AND o.import_run_id = ?))")) {
                statement.setString(1, spec.name());
                statement.setString(2, runId);
                statement.setString(3, runId);
                statement.executeUpdate();
            }
        }
    }

    private RawRow rawRow(long rowid, String reasonOrTarget, List<String> sourceColumns) throws SQLException {
        Object[] raw = source.row(spec.name(), rowid);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        String key = "rowid " + rowid;
        for (int i = 0; i < sourceColumns.size(); i++) {
            json.set(sourceColumns.get(i), RowConverter.rawJson(raw[i]));
            if (sourceColumns.get(i).equalsIgnoreCase("id") && raw[i] != null && !(raw[i] instanceof byte[])) {
                key = raw[i] instanceof BrokenText b ? b.text() : raw[i].toString();
            }
        }
        return new RawRow(rowid, key, reasonOrTarget, json.toString());
    }

    private Map<String, Long> outcomes() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = target.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(_outcome, 'inserted'), count(*) FROM " + stage + " GROUP BY 1")) {
            while (result.next()) {
                counts.put(result.getString(1), result.getLong(2));
            }
        }
        return counts;
    }

    private TableReport.Verification verify(Staged staged, boolean targetWasEmpty) throws SQLException {
        String keys = KeyChecksum.sqlExpression("t", spec.keyColumns());
        String stagedKeys = KeyChecksum.sqlExpression("s", spec.keyColumns());
        // Set aside: rows not imported, and rows whose live version the target keeps (its keys may differ).
        long[] aside = pair("SELECT count(*), coalesce(bit_xor(" + stagedKeys + "), 0) FROM "
                + stage + " s WHERE s._outcome IN ('rejected', 'merged', 'unchanged')");
        long[] found;
        if (dryRun) {
            // Nothing was written: what the target would hold is the rows to insert or update and those already there.
            long[] toWrite = pair("SELECT count(*), coalesce(bit_xor(" + stagedKeys + "), 0) FROM "
                    + stage + " s WHERE s._outcome IS NULL OR s._outcome = 'update'");
            long[] there = pair("SELECT count(*), coalesce(bit_xor(" + keys + "), 0) FROM " + spec.name() + " t JOIN " + stage
                    + " s ON s.id = t.id WHERE s._outcome = 'present'");
            found = new long[] {toWrite[0] + there[0], toWrite[1] ^ there[1]};
        } else if (targetWasEmpty && mode == Mode.FIRST) {
            // Into a table that was empty, everything it now holds came from this run: no join needed.
            found = pair("SELECT count(*), coalesce(bit_xor(" + keys + "), 0) FROM " + spec.name() + " t");
        } else {
            found = pair("SELECT count(*), coalesce(bit_xor(" + keys + "), 0) FROM " + spec.name() + " t JOIN " + stage
                    + " s ON s.id = t.id WHERE s._outcome IS NULL OR s._outcome IN ('present', 'update')");
        }
        // What the source says the target must hold: every converted row except those set aside afterwards.
        long expectedCount = staged.count() - aside[0];
        long expectedChecksum = staged.checksum() ^ aside[1];
        return new TableReport.Verification(expectedCount, KeyChecksum.hex(expectedChecksum), found[0], KeyChecksum.hex(found[1]));
    }

    private long[] pair(String sql) throws SQLException {
        try (Statement statement = target.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = target.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private boolean exists(String sql) throws SQLException {
        try (Statement statement = target.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.execute(sql);
        }
    }

    private long update(String sql) throws SQLException {
        try (Statement statement = target.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }
}
