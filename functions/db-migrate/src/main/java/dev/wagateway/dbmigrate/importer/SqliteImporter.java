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
        if (!Files.isReadable(options.file())) {
            throw new ImportRefusedException("Cannot read " + options.file());
        }
        if (!isSqlite(options.file())) {
            throw new ImportRefusedException(options.sourceName() + " is not a SQLite database (it does not start with the SQLite "
                    + "file header). Nothing was written.");
        }
        CompletableFuture<String> sha256 = CompletableFuture.supplyAsync(() -> sha256(options.file()));
        try (SourceDatabase source = new SourceDatabase(options.file());
             Connection control = connect()) {
            List<String> unknown = unknownTables(source);
            if (!unknown.isEmpty() && options.unknownTables() == UnknownTables.STOP) {
                throw new ImportRefusedException("The file holds tables the legacy schema does not list: " + unknown
                        + ". Nothing was written. Pass --unknown-tables=carry to keep their rows as JSON in legacy_rows, "
                        + "or --unknown-tables=skip to leave them out.");
            }
            lock(control);
            String runId = Ids.IMPORT_RUN.next();
            if (!options.dryRun()) {
                markInterruptedRuns(control);
                insertRun(control, runId, options, sha256.join());
            }
            try (Connection target = connect()) {
                target.setAutoCommit(false);
                try {
                    if (options.dryRun()) {
                        insertRun(target, runId, options, sha256.join());
                    }
                    List<TableReport> reports = importAll(source, target, runId, options, unknown);
                    String problem = problems(reports);
                    if (problem == null && !options.dryRun()) {
                        finishRun(target, runId, reports);
                        target.commit();
                    } else {
                        target.rollback();
                        if (problem != null && !options.dryRun()) {
                            failRun(control, runId, problem);
                        }
                    }
                    return new ImportResult(runId, options.dryRun(), reports, problem);
                } catch (Exception | Error e) {
                    target.rollback();
                    if (!options.dryRun()) {
                        failRun(control, runId, e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    throw e;
                }
            }
        }
    }

    private List<TableReport> importAll(SourceDatabase source, Connection target, String runId, ImportOptions options,
                                        List<String> unknown) throws Exception {
        List<String> present = source.tables();
        Phones phones = new Phones(options.defaultRegion());
        List<TableReport> reports = new ArrayList<>();
        for (TableSpec spec : LegacyTables.all()) {
            if (!present.contains(spec.name())) {
                progress.note(spec.name() + ": not in the file");
                reports.add(new TableReport(spec.name(), 0, 0, 0, 0, 0, 0, 0, new TableReport.Verification(0, KeyChecksum.hex(0), 0, KeyChecksum.hex(0))));
                continue;
            }
            reports.add(new TableImporter(spec, target, source, phones, runId, progress).run());
        }
        for (String table : unknown) {
            reports.add(options.unknownTables() == UnknownTables.CARRY
                    ? carry(source, target, runId, table)
                    : skip(source, table));
        }
        if (!options.dryRun()) {
            moveSequences(source, target);
        }
        return reports;
    }

    private List<String> unknownTables(SourceDatabase source) throws SQLException {
        return source.tables().stream().filter(name -> LegacyTables.byName(name) == null).toList();
    }

    private TableReport skip(SourceDatabase source, String table) throws SQLException {
        long rows = source.count(table);
        progress.note(table + ": not in the legacy schema, skipped as asked (" + rows + " rows)");
        return new TableReport(table, rows, 0, 0, 0, 0, 0, rows, new TableReport.Verification(0, KeyChecksum.hex(0), 0, KeyChecksum.hex(0)));
    }

    /** Rows of a table the schema does not list, as JSON objects in legacy_rows. */
    private TableReport carry(SourceDatabase source, Connection target, String runId, String table) throws Exception {
        long rows = source.count(table);
        List<String> columns = source.columns(table);
        long before = count(target, "SELECT count(*) FROM legacy_rows WHERE source_table = '" + table.replace("'", "''") + "'");
        try (Statement statement = target.createStatement()) {
            statement.execute("CREATE TEMP TABLE import_stage_legacy_rows (source_rowid bigint, row_data jsonb) ON COMMIT DROP");
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
        } finally {
            task.close();
        }
        long inserted;
        try (PreparedStatement statement = target.prepareStatement("INSERT INTO legacy_rows (import_run_id, source_table, source_rowid, row_data) "
                + "SELECT ?, ?, source_rowid, row_data FROM import_stage_legacy_rows ON CONFLICT (source_table, source_rowid) DO NOTHING")) {
            statement.setString(1, runId);
            statement.setString(2, table);
            inserted = statement.executeLargeUpdate();
        }
        try (Statement statement = target.createStatement()) {
            statement.execute("DROP TABLE import_stage_legacy_rows");
        }
        long after = count(target, "SELECT count(*) FROM legacy_rows WHERE source_table = '" + table.replace("'", "''") + "'");
        return new TableReport(table, rows, inserted, rows - inserted, 0, 0, 0, 0,
                new TableReport.Verification(rows, "n/a", after - before + (rows - inserted), "n/a"));
    }

    /** Every identity sequence ends past both the largest id now in the table and SQLite's own high-water mark. */
    private void moveSequences(SourceDatabase source, Connection target) throws SQLException {
        for (TableSpec spec : LegacyTables.all()) {
            if (!spec.integerId()) {
                continue;
            }
            OptionalLong sqliteSequence = source.tables().contains(spec.name()) ? source.sequence(spec.name()) : OptionalLong.empty();
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
                .put("default_region", options.defaultRegion());
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
                    .put("dangling", t.dangling()).put("skipped", t.skipped());
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

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
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
