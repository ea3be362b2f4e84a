package dev.wagateway.dbmigrate.importer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.dbmigrate.DatabaseSettings;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.lock.AdvisoryLocks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The SQLite -> PostgreSQL import: the whole run is one transaction, so an interrupted run leaves
 * nothing behind and a re-run finds every row it wrote before (and writes nothing twice).
 */
public final class SqliteImporter {

    private final DatabaseSettings database;
    private final PrintStream out;
    private final Progress progress;

    public SqliteImporter(DatabaseSettings database, PrintStream out, boolean terminal) {
        this.database = database;
        this.out = out;
        this.progress = Progress.forOutput(out, terminal);
    }

    public ImportResult run(ImportOptions options) throws Exception {
        // Where the run's time went besides the tables' own phases (the benchmark's figures are whole commands).
        Phases phases = new Phases();
        long jvmMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        refuseWhatIsNotAFile(options);
        CompletableFuture<String> sha256 = CompletableFuture.supplyAsync(() -> sha256(options.file()), SqliteImporter::onItsOwnThread);
        // Whether migrations are pending: asked now, answered by the time the file's checks are done.
        CompletableFuture<List<String>> pendingMigrations = CompletableFuture.supplyAsync(
                () -> PendingMigrations.of(database), SqliteImporter::onItsOwnThread);
        try (SourceDatabase source = SourceDatabase.open(options.file());
             Connection control = connect()) {
            phases.done("opening the file");
            List<String> unknown = unknownTables(source);
            if (!unknown.isEmpty() && options.unknownTables() == UnknownTables.STOP) {
                throw new ImportRefusedException("The file holds tables the legacy schema does not list: " + unknown
                        + ". Nothing was written. Pass --unknown-tables=carry to keep their rows as JSON in legacy_rows, "
                        + "or --unknown-tables=skip to leave them out.");
            }
            Map<String, List<String>> notes = refuseWhatCannotBeFilled(source);
            refuseNothingToImport(source, options, unknown);
            phases.done("file checks");
            refuseAnUnmigratedTarget(pendingMigrations);
            String runId = Ids.IMPORT_RUN.next();
            if (options.dryRun()) {
                return dryRun(source, runId, options, unknown, notes);
            }
            phases.done("waiting for the migrations check");
            lock(control);
            markInterruptedRuns(control);
            insertRun(control, runId, options, sha256.join());
            try (Connection target = connect()) {
                TableImporter.Mode mode = targetIsEmpty(target) ? TableImporter.Mode.FIRST : TableImporter.Mode.DELTA;
                boolean online = mode == TableImporter.Mode.DELTA;
                List<TableSpec> staged = LegacyTables.all().stream().filter(spec -> source.table(spec.name()) != null).toList();
                try {
                    if (online) {
                        for (TableSpec spec : staged) {
                            TableImporter.createStages(target, spec, true);
                        }
                    }
                    target.setAutoCommit(false);
                    DeferredChecks rowHashKeys = online ? null : forgetRowHashesOfEmptyTables(target);
                    List<TableReport> imported = importAll(source, target, runId, options, unknown, notes, mode);
                    phases.done("tables");
                    List<TableReport> reports = AutomationReadiness.annotate(target, imported, false);
                    String problem = problems(reports);
                    if (problem == null) {
                        if (rowHashKeys != null) {
                            rowHashKeys.restore();
                            phases.done("keys of import_row_hashes");
                        }
                        progress.note("contacts: the customer service window (last_inbound_at) of "
                                + ContactWindows.fill(target) + " set from their inbound messages");
                        finishRun(target, runId, reports);
                        target.commit();
                        phases.done("commit");
                        progress.note(String.format("run: JVM start %.1f s, ", jvmMillis / 1e3) + phases);
                    } else {
                        target.rollback();
                        failRun(control, runId, online ? problem + " (online run: the batches committed before stay)" : problem);
                    }
                    return new ImportResult(runId, false, reports, problem, online);
                } catch (Exception | Error e) {
                    target.rollback();
                    failRun(control, runId, e.getClass().getSimpleName() + ": " + e.getMessage()
                            + (online ? " (online run: the batches committed before stay)" : ""));
                    if (online && e instanceof Exception) {
                        throw new PartialImportException(e);
                    }
                    throw e;
                } finally {
                    if (online) {
                        target.rollback();
                        target.setAutoCommit(true);
                        for (TableSpec spec : staged) {
                            TableImporter.dropStages(target, spec);
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether no table the import writes holds a row: then it is a first import (one transaction, keys and
     * indexes rebuilt after the rows); otherwise it runs online in short transactions.
     */
    private static boolean targetIsEmpty(Connection target) throws SQLException {
        for (TableSpec spec : LegacyTables.all()) {
            try (Statement statement = target.createStatement();
                 ResultSet result = statement.executeQuery("SELECT 1 FROM " + spec.name() + " LIMIT 1")) {
                if (result.next()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A first import finds every table it writes empty, so every row hash kept for those tables is of a row long
     * gone: they are forgotten, and the keys of import_row_hashes are suspended until the run's rows are in (one
     * key build after a million rows, not a million index entries and foreign-key checks one by one). Inside the
     * run's transaction: an interrupted run rolls both back. Dropping the foreign key locks import_runs (ACCESS
     * EXCLUSIVE) until the run commits, as the tables it fills are: the run's row is written before, on the
     * control connection, and a failure is recorded there only after the rollback.
     */
    private static DeferredChecks forgetRowHashesOfEmptyTables(Connection target) throws SQLException {
        try (PreparedStatement forget = target.prepareStatement("DELETE FROM import_row_hashes WHERE target_table = ANY (?)")) {
            forget.setArray(1, target.createArrayOf("text", LegacyTables.all().stream().map(TableSpec::name).toArray()));
            forget.executeUpdate();
        }
        return DeferredChecks.suspend(target, "import_row_hashes");
    }

    /**
     * A dry run against a live database: one READ ONLY transaction that takes no lock above ACCESS SHARE on
     * any table of the schema and writes nothing but its own temporary staging tables (made before the
     * transaction, which could not make them, and dropped after it). Its report is the one the real run would give.
     */
    private ImportResult dryRun(SourceDatabase source, String runId, ImportOptions options, List<String> unknown,
                                Map<String, List<String>> notes) throws Exception {
        try (Connection target = connect()) {
            List<TableSpec> staged = LegacyTables.all().stream().filter(spec -> source.table(spec.name()) != null).toList();
            try {
                for (TableSpec spec : staged) {
                    TableImporter.createStages(target, spec, true);
                }
                if (options.unknownTables() == UnknownTables.CARRY) {
                    createCarryStage(target, true);
                }
                target.setAutoCommit(false);
                target.setReadOnly(true);
                List<TableReport> reports;
                try {
                    reports = AutomationReadiness.annotate(target,
                            importAll(source, target, runId, options, unknown, notes, TableImporter.Mode.DRY), true);
                } finally {
                    target.rollback();
                    target.setReadOnly(false);
                    target.setAutoCommit(true);
                }
                return new ImportResult(runId, true, reports, problems(reports));
            } finally {
                for (TableSpec spec : staged) {
                    TableImporter.dropStages(target, spec);
                }
                try (Statement statement = target.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS import_stage_legacy_rows");
                }
            }
        }
    }

    private static void refuseWhatIsNotAFile(ImportOptions options) throws IOException {
        java.nio.file.Path file = options.file();
        if (Files.isDirectory(file)) {
            throw new ImportRefusedException(options.sourceName() + " is a directory, not a SQLite file. Nothing was written.");
        }
        if (!Files.isReadable(file)) {
            throw new ImportRefusedException("Cannot read " + file + " (no such file, or no permission). Nothing was written.");
        }
        if (Files.size(file) == 0) {
            throw new ImportRefusedException(options.sourceName() + " is empty (0 bytes): there is nothing to import. Nothing was written.");
        }
        if (!isSqlite(file)) {
            throw new ImportRefusedException(options.sourceName() + " is not a SQLite database (it does not start with the SQLite "
                    + "file header). Nothing was written.");
        }
    }

    /**
     * Every target column a known table's rows need must come from a column of the file or have a documented
     * default; otherwise every row would be rejected or get a made-up value. Returns, per table, what the
     * report says about the defaults given.
     */
    private static Map<String, List<String>> refuseWhatCannotBeFilled(SourceDatabase source) throws SQLException {
        Map<String, List<String>> notes = new java.util.LinkedHashMap<>();
        for (TableSpec spec : LegacyTables.all()) {
            String table = source.table(spec.name());
            if (table == null) {
                continue;
            }
            Set<String> columns = source.columns(table).stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            String missing = spec.unfillableColumn(columns);
            if (missing != null) {
                throw new ImportRefusedException("Table " + table + " has no column " + missing + ". Nothing was written. Add the "
                        + "column to the file (SQLite: ALTER TABLE " + table + " ADD COLUMN ...) with the rows' values, then import again.");
            }
            notes.put(spec.name(), spec.defaultsForMissingColumns(columns, source.count(table)));
        }
        return notes;
    }

    /**
     * A file that would move no row at all (no legacy table, or none with a row, and nothing carried) is most
     * likely the wrong file: refused unless asked for. Carrying the unknown tables of a file is asking.
     */
    private static void refuseNothingToImport(SourceDatabase source, ImportOptions options, List<String> unknown) throws SQLException {
        if (options.allowEmpty()) {
            return;
        }
        long rows = 0;
        List<String> known = LegacyTables.all().stream().map(TableSpec::name).filter(name -> source.table(name) != null).toList();
        for (String table : known) {
            rows += source.count(table);
        }
        if (options.unknownTables() == UnknownTables.CARRY) {
            for (String table : unknown) {
                rows += source.count(table);
            }
        }
        if (rows > 0) {
            return;
        }
        if (known.isEmpty()) {
            throw new ImportRefusedException(options.sourceName() + " holds none of the legacy tables (" + LegacyTables.all().stream()
                    .map(TableSpec::name).collect(Collectors.joining(", ")) + "); its tables: " + source.tables()
                    + ". Is it the legacy gateway's database? Nothing was written. Pass --allow-empty to import it anyway, "
                    + "or --unknown-tables=carry to keep the rows of its tables.");
        }
        throw new ImportRefusedException(options.sourceName() + " has no row in any legacy table" + (unknown.isEmpty() ? "" : " (and its other "
                + "tables are not carried)") + ": there is nothing to import. Nothing was written. Pass --allow-empty to record the run anyway.");
    }

    /** The import writes into the Flyway schema: against a database that lacks migrations, say so before anything else. */
    private static void refuseAnUnmigratedTarget(CompletableFuture<List<String>> pendingMigrations) {
        List<String> pending;
        try {
            pending = pendingMigrations.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        if (!pending.isEmpty()) {
            throw new ImportRefusedException("The target database is not migrated (" + pending.size() + " migration"
                    + (pending.size() == 1 ? "" : "s") + " not applied, " + pending.getFirst() + (pending.size() > 1 ? " ... " + pending.getLast() : "")
                    + "): run `db-migrate migrate` against it first. Nothing was written.");
        }
    }

    private List<TableReport> importAll(SourceDatabase source, Connection target, String runId, ImportOptions options,
                                        List<String> unknown, Map<String, List<String>> notes, TableImporter.Mode mode) throws Exception {
        // Row hashes are md5 over rows as text: the same text in every session, whatever the client's zone.
        try (Statement statement = target.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("SET extra_float_digits = 1");
            // The import's statements are one-off scans and joins over whole tables, costed far above jit_above_cost:
            // compiling them took longer than running them (messages' duplicate check: 6.9 s with PostgreSQL 15's
            // default jit = on, 0.7 s without, 100k rows). Its hash aggregates over a million keys spill at 4 MB.
            statement.execute("SET jit = off");
            statement.execute("SET work_mem = '64MB'");
        }
        Phones phones = new Phones(options.defaultRegion());
        List<TableReport> reports = new ArrayList<>();
        for (TableSpec spec : LegacyTables.all()) {
            if (source.table(spec.name()) == null) {
                progress.note(spec.name() + ": not in the file");
                reports.add(TableReport.empty(spec.name(), 0, List.of()));
                continue;
            }
            List<String> tableNotes = notes.getOrDefault(spec.name(), List.of());
            tableNotes.forEach(note -> progress.note(spec.name() + ": " + note));
            reports.add(new TableImporter(spec, target, source, phones, runId, progress, mode, options.applyDeletes(), tableNotes,
                    options.defaultRegion()).run());
        }
        for (String table : unknown) {
            reports.add(options.unknownTables() == UnknownTables.CARRY
                    ? carry(source, target, runId, table, options.dryRun())
                    : skip(source, table));
        }
        for (Map.Entry<String, String> shadow : source.shadowTables().entrySet()) {
            String note = "kept by SQLite for the virtual table " + shadow.getValue() + " (its full-text index), which is "
                    + (LegacyTables.byName(String.valueOf(shadow.getValue()).toLowerCase(Locale.ROOT)) != null || options.unknownTables() == UnknownTables.CARRY
                    ? "imported" : "not") + "; skipped knowingly: a shadow table holds no data of its own";
            progress.note(shadow.getKey() + ": " + note);
            reports.add(TableReport.empty(shadow.getKey(), source.count(shadow.getKey()), List.of(note)));
        }
        if (!options.dryRun()) {
            moveSequences(source, target);
        }
        return reports;
    }

    private List<String> unknownTables(SourceDatabase source) {
        return source.tables().stream().filter(name -> LegacyTables.byName(name.toLowerCase(Locale.ROOT)) == null).toList();
    }

    private TableReport skip(SourceDatabase source, String table) throws SQLException {
        long rows = source.count(table);
        progress.note(table + ": not in the legacy schema, skipped as asked (" + rows + " rows)");
        return TableReport.empty(table, rows, List.of("not in the legacy schema: skipped as asked"));
    }

    private static void createCarryStage(Connection target, boolean beforeTheTransaction) throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.execute("CREATE TEMP TABLE import_stage_legacy_rows (source_rowid bigint, row_data jsonb, _outcome text, "
                    + "_reason text)" + (beforeTheTransaction ? " ON COMMIT DELETE ROWS" : " ON COMMIT DROP"));
        }
    }

    /**
     * Rows of a table the schema does not list, as JSON objects in legacy_rows. A row an earlier run carried
     * with the same values counts as present; one with other values under the same table and row key (the
     * file changed, or it is another file's table of that name) is a conflict: the carried row stays, and
     * this one is kept in import_rejects.
     */
    private TableReport carry(SourceDatabase source, Connection target, String runId, String table, boolean dryRun) throws Exception {
        long rows = source.count(table);
        List<String> columns = source.columns(table);
        if (dryRun) {
            try (Statement statement = target.createStatement()) {
                statement.execute("DELETE FROM import_stage_legacy_rows");
            }
        } else {
            createCarryStage(target, false);
        }
        Progress.Task task = progress.start(table + " (carried)", rows);
        try (CopyWriter out = new CopyWriter(target, "COPY import_stage_legacy_rows (source_rowid, row_data) FROM STDIN")) {
            StringBuilder line = new StringBuilder();
            source.stream(table, (rowid, values) -> {
                ObjectNode json = JsonNodeFactory.instance.objectNode();
                for (int i = 0; i < columns.size(); i++) {
                    json.set(columns.get(i), RowConverter.rawJson(values[i]));
                }
                line.setLength(0);
                line.append(rowid).append('\t');
                CopyText.appendField(line, json.toString());
                out.write(line.append('\n'));
                task.step();
            });
        } catch (IOException | SQLException e) {
            throw CopyFailure.of(source, table, e);
        } finally {
            task.close();
        }
        long present;
        long conflicts;
        try (PreparedStatement statement = target.prepareStatement("UPDATE import_stage_legacy_rows s SET "
                + "_outcome = CASE WHEN l.row_data = s.row_data THEN 'present' ELSE 'rejected' END, "
                + "_reason = CASE WHEN l.row_data = s.row_data THEN NULL ELSE 'conflict: legacy_rows already holds row ' || s.source_rowid "
                + "|| ' of ' || l.source_table || ' with other values (carried by run ' || l.import_run_id || '); that row was kept' END "
                + "FROM legacy_rows l WHERE l.source_table = ? AND l.source_rowid = s.source_rowid")) {
            statement.setString(1, table);
            statement.executeUpdate();
        }
        present = count(target, "SELECT count(*) FROM import_stage_legacy_rows WHERE _outcome = 'present'");
        conflicts = count(target, "SELECT count(*) FROM import_stage_legacy_rows WHERE _outcome = 'rejected'");
        long inserted = count(target, "SELECT count(*) FROM import_stage_legacy_rows WHERE _outcome IS NULL");
        if (!dryRun) {
            try (PreparedStatement statement = target.prepareStatement("INSERT INTO legacy_rows (import_run_id, source_table, source_rowid, row_data) "
                    + "SELECT ?, ?, source_rowid, row_data FROM import_stage_legacy_rows WHERE _outcome IS NULL")) {
                statement.setString(1, runId);
                statement.setString(2, table);
                inserted = statement.executeLargeUpdate();
            }
            try (PreparedStatement statement = target.prepareStatement("INSERT INTO import_rejects (import_run_id, source_table, source_key, "
                    + "reason, raw_row) SELECT ?, ?, 'rowid ' || source_rowid, _reason, row_data FROM import_stage_legacy_rows "
                    + "WHERE _outcome = 'rejected' ON CONFLICT (source_table, source_key) DO UPDATE SET import_run_id = EXCLUDED.import_run_id, "
                    + "reason = EXCLUDED.reason, raw_row = EXCLUDED.raw_row")) {
                statement.setString(1, runId);
                statement.setString(2, table);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = target.prepareStatement("DELETE FROM import_rejects WHERE source_table = ? AND import_run_id <> ? "
                    + "AND source_key IN (SELECT 'rowid ' || source_rowid FROM import_stage_legacy_rows WHERE _outcome IS DISTINCT FROM 'rejected')")) {
                statement.setString(1, table);
                statement.setString(2, runId);
                statement.executeUpdate();
            }
        }
        // Verification: every row not in conflict is in legacy_rows with exactly its values.
        long found = dryRun ? inserted + present : countWithTable(target, "SELECT count(*) FROM import_stage_legacy_rows s JOIN legacy_rows l "
                + "ON l.source_table = ? AND l.source_rowid = s.source_rowid AND l.row_data = s.row_data WHERE s._outcome IS DISTINCT FROM 'rejected'", table);
        try (Statement statement = target.createStatement()) {
            statement.execute(dryRun ? "DELETE FROM import_stage_legacy_rows" : "DROP TABLE import_stage_legacy_rows");
        }
        return new TableReport(table, rows, inserted, present, 0, conflicts, 0, 0,
                new TableReport.Verification(rows - conflicts, "n/a", found, "n/a"));
    }

    /** Every identity sequence ends past both the largest id now in the table and SQLite's own high-water mark. */
    private void moveSequences(SourceDatabase source, Connection target) throws SQLException {
        for (TableSpec spec : LegacyTables.all()) {
            if (!spec.integerId()) {
                continue;
            }
            OptionalLong sqliteSequence = source.table(spec.name()) != null ? source.sequence(spec.name()) : OptionalLong.empty();
            try (PreparedStatement statement = target.prepareStatement(
                    "SELECT setval(pg_get_serial_sequence(?, 'id'), greatest((SELECT coalesce(max(id), 0) FROM " + spec.name()
                            + "), ?, (SELECT last_value FROM pg_sequences WHERE schemaname = current_schema() "
                            + "AND sequencename = split_part(pg_get_serial_sequence(?, 'id'), '.', 2)), 1))")) {
                statement.setString(1, spec.name());
                statement.setLong(2, sqliteSequence.orElse(0));
                statement.setString(3, spec.name());
                statement.execute();
            }
        }
    }

    private static String problems(List<TableReport> reports) {
        List<String> problems = new ArrayList<>();
        for (TableReport report : reports) {
            if (!report.balanced()) {
                problems.add(report.table() + ": source " + report.source() + " != imported " + report.imported() + " + merged "
                        + report.merged() + " + rejected " + report.rejected() + " + skipped " + report.skipped());
            }
            TableReport.Verification v = report.verification();
            if (!v.ok()) {
                problems.add(report.table() + ": verification failed (expected " + v.expectedCount() + " rows, checksum "
                        + v.expectedChecksum() + "; target has " + v.targetCount() + ", checksum " + v.targetChecksum() + ")");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private void lock(Connection control) throws SQLException {
        try (Statement statement = control.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_try_advisory_lock(" + AdvisoryLocks.IMPORT + ")")) {
            result.next();
            if (!result.getBoolean(1)) {
                throw new ImportRefusedException("Another import is running against this database");
            }
        }
    }

    /** Runs left 'running' were interrupted (this run holds the lock, so none of them is alive). */
    private static void markInterruptedRuns(Connection control) throws SQLException {
        try (Statement statement = control.createStatement()) {
            statement.executeUpdate("UPDATE import_runs SET status = 'failed', finished_at = now(), "
                    + "error = 'interrupted: the run ended without finishing; nothing it did was kept' WHERE status = 'running'");
        }
    }

    private static void insertRun(Connection connection, String runId, ImportOptions options, String sha256) throws SQLException {
        ObjectNode settings = JsonNodeFactory.instance.objectNode()
                .put("unknown_tables", options.unknownTables().name().toLowerCase())
                .put("default_region", options.defaultRegion())
                .put("allow_empty", options.allowEmpty())
                .put("apply_deletes", options.applyDeletes());
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO import_runs (id, source_name, source_sha256, dry_run, options) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            statement.setString(1, runId);
            statement.setString(2, options.sourceName());
            statement.setString(3, sha256);
            statement.setBoolean(4, options.dryRun());
            statement.setString(5, settings.toString());
            statement.executeUpdate();
        }
    }

    private static void finishRun(Connection target, String runId, List<TableReport> reports) throws SQLException {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        ObjectNode verification = JsonNodeFactory.instance.objectNode();
        for (TableReport t : reports) {
            report.putObject(t.table()).put("source", t.source()).put("imported", t.imported()).put("inserted", t.inserted())
                    .put("already_present", t.alreadyPresent()).put("merged", t.merged()).put("rejected", t.rejected())
                    .put("dangling", t.dangling()).put("skipped", t.skipped())
                    // The delta's words: new, updated, unchanged, conflicts (among the rejected), deleted (gone from the source).
                    .put("new", t.inserted()).put("updated", t.updated()).put("unchanged", t.alreadyPresent())
                    .put("conflicts", t.conflicts()).put("deleted", t.deleted());
            if (!t.notes().isEmpty()) {
                t.notes().forEach(((ObjectNode) report.get(t.table())).putArray("notes")::add);
            }
            TableReport.Verification v = t.verification();
            ObjectNode node = verification.putObject(t.table());
            node.putObject("source").put("count", v.expectedCount()).put("checksum", v.expectedChecksum());
            node.putObject("target").put("count", v.targetCount()).put("checksum", v.targetChecksum());
            node.put("ok", v.ok());
        }
        try (PreparedStatement statement = target.prepareStatement("UPDATE import_runs SET status = 'completed', finished_at = now(), "
                + "report = ?::jsonb, verification = ?::jsonb WHERE id = ?")) {
            statement.setString(1, report.toString());
            statement.setString(2, verification.toString());
            statement.setString(3, runId);
            statement.executeUpdate();
        }
    }

    private static void failRun(Connection control, String runId, String error) throws SQLException {
        try (PreparedStatement statement = control.prepareStatement(
                "UPDATE import_runs SET status = 'failed', finished_at = now(), error = ? WHERE id = ?")) {
            statement.setString(1, error);
            statement.setString(2, runId);
            statement.executeUpdate();
        }
    }

    private static long countWithTable(Connection connection, String sql, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }

    /** Not the common pool: on two cores it has one thread, and the file's hash and Flyway's answer would queue. */
    static void onItsOwnThread(Runnable task) {
        Thread.ofPlatform().daemon().name("import-check").start(task);
    }

    private static boolean isSqlite(java.nio.file.Path file) throws IOException {
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(header.length), header);
        }
    }

    private static String sha256(java.nio.file.Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
