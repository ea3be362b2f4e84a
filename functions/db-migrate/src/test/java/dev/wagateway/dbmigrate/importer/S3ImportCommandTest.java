package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.CommandRun;
import dev.wagateway.dbmigrate.importer.source.FakeS3;
import dev.wagateway.dbmigrate.importer.source.S3Clients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code db-migrate import-sqlite s3://bucket/key}, against a fake S3 on loopback and a real PostgreSQL. */
/*
 * On FakeS3, not S3Proxy: the command builds its own S3 client from the environment, and these cases assert what it
 * asked S3 for (exactly one GET, none for a refusal) and AccessDenied to valid credentials; S3Proxy records no
 * requests and has no bucket policies.
 */
class S3ImportCommandTest {

    private static final String BUCKET = "wa-legacy";
    /** The S3 client of the command is configured the way an operator would: the SDK's system properties. */
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.region", FakeS3.REGION,
            "aws.accessKeyId", FakeS3.ACCESS_KEY,
            "aws.secretAccessKey", FakeS3.SECRET_KEY);

    @TempDir
    Path dir;
    @TempDir
    Path downloads;

    private FakeS3 s3;
    private final Map<String, String> saved = new HashMap<>();


    @BeforeEach
    void start() throws IOException {
        s3 = new FakeS3(BUCKET);
        Map<String, String> properties = new HashMap<>(AWS_PROPERTIES);
        properties.put(S3Clients.ENDPOINT_PROPERTY, s3.endpoint());
        properties.forEach((key, value) -> saved.put(key, System.setProperty(key, value)));
    }

    @AfterEach
    void stop() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        s3.close();
    }

    @Test
    void anS3FileImportsTheSameRowsAsTheLocalFileAndTheRunRecordsItsUri() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-messy.db", dir);
        s3.put("exports/2026/sample-messy.db", file);
        ImportFixture local = new ImportFixture("s3cmdlocal");
        assertTrue(local.run(file).succeeded(), local.output());

        ImportFixture remote = new ImportFixture("s3cmdremote");
        CommandRun run = importSqlite(remote, "s3://wa-legacy/exports/2026/sample-messy.db");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("Imported and verified"), run.out());

        assertEquals("s3://wa-legacy/exports/2026/sample-messy.db", remote.value("SELECT source_name FROM import_runs"));
        assertEquals("sample-messy.db", local.value("SELECT source_name FROM import_runs"));
        for (String column : List.of("source_sha256", "status", "report::text", "verification::text")) {
            assertEquals(local.value("SELECT " + column + " FROM import_runs"), remote.value("SELECT " + column + " FROM import_runs"), column);
        }
        List<String> tables = List.of(local.value("SELECT string_agg(t, ',' ORDER BY t) FROM import_runs, jsonb_object_keys(report) t").split(","));
        assertTrue(tables.containsAll(List.of("contacts", "messages", "media", "automation_logs")), tables.toString());
        List<String> checked = new ArrayList<>(tables);
        checked.addAll(List.of("import_rejects", "import_merges"));
        for (String table : checked) {
            assertEquals(local.value(fingerprint(table)), remote.value(fingerprint(table)), table);
        }
        assertTrue(remote.count("SELECT count(*) FROM messages") > 0);
        assertEquals(1, s3.gets());
        assertEquals(List.of(), listing(downloads), "the downloaded copy is deleted");
    }

    @Test
    void aMissingKeyIsOneClearLineAndNothingIsWritten() throws Exception {
        ImportFixture target = new ImportFixture("s3cmdmissing");
        CommandRun run = importSqlite(target, "s3://wa-legacy/exports/missing.db");
        assertEquals(2, run.exitCode());
        assertEquals("Cannot read s3://wa-legacy/exports/missing.db: the bucket has no object with that key (NoSuchKey)\n", run.err());
        assertFalse(run.out().contains("Exception"), run.out());
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
        assertEquals(0, target.count("SELECT count(*) FROM contacts"));
        assertEquals(List.of("GET /wa-legacy/exports/missing.db"), s3.requests);
        assertEquals(List.of(), listing(downloads));
    }

    @Test
    void accessDeniedIsOneClearLine() throws Exception {
        s3.put("locked.db", new byte[] {1}).forbid("locked.db");
        CommandRun run = importSqlite(new ImportFixture("s3cmddenied"), "s3://wa-legacy/locked.db");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Cannot read s3://wa-legacy/locked.db: access denied (AccessDenied)"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void theCopyIsDeletedWhenTheImportStopsAfterTheDownload() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "extra")) {
            file.message("m1", "+14155550101", "inbound", "received", "hello");
            file.sql("CREATE TABLE loyalty_points (phone TEXT, points INTEGER)");
        }
        s3.put("extra.db", dir.resolve("extra.db"));
        ImportFixture target = new ImportFixture("s3cmdextra");
        CommandRun run = importSqlite(target, "s3://wa-legacy/extra.db");
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains("loyalty_points"), run.err());
        assertEquals(1, s3.gets());
        assertEquals(0, target.count("SELECT count(*) FROM messages"));
        assertEquals(List.of(), listing(downloads));
    }

    @Test
    void aLocalPathWorksAsBefore() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-clean.db", dir);
        ImportFixture target = new ImportFixture("s3cmdlocalpath");
        CommandRun run = importSqlite(target, file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("sample-clean.db", target.value("SELECT source_name FROM import_runs"));
        assertEquals(List.of(), s3.requests, "no S3 call for a local file");
        assertTrue(Files.isRegularFile(file), "a local file is never deleted");
    }

    private CommandRun importSqlite(ImportFixture target, String source) {
        return CommandRun.of("import-sqlite", source, "--download-dir", downloads.toString(),
                "--url", target.database.jdbcUrl(), "--username", target.database.username());
    }

    /**
     * Every stored value of a table, order-independent, without what differs between two runs by design:
     * the run's id and clock times, and the generated ids of the bookkeeping rows.
     */
    static String fingerprint(String table) {
        String row = "(to_jsonb(t) - 'import_run_id' - 'created_at' - 'updated_at'"
                + (table.startsWith("import_") ? " - 'id'" : "") + ")::text";
        return "SELECT count(*) || ':' || coalesce(md5(string_agg(" + row + ", '|' ORDER BY " + row + ")), '-') FROM " + table + " t";
    }

    static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
