package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Re-runs, interrupted runs, dry runs and live data already in the target. */
class ImportLifecycleTest {

    private static final String COUNTS = "SELECT (SELECT count(*) FROM contacts) || '/' || (SELECT count(*) FROM messages) || '/' "
            + "|| (SELECT count(*) FROM media) || '/' || (SELECT count(*) FROM automation_logs) || '/' || (SELECT count(*) FROM import_rejects) "
            + "|| '/' || (SELECT count(*) FROM import_merges)";

    @TempDir
    Path dir;

    @Test
    void reRunningOnTheSameFileWritesNothingTwice() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-messy.db", dir);
        ImportFixture target = new ImportFixture("rerun");
        ImportResult first = target.run(file);
        assertTrue(first.succeeded(), target.output());
        String counts = target.value(COUNTS);
        String maxUpdated = target.value("SELECT max(updated_at) FROM messages");

        ImportResult second = target.run(file);
        assertTrue(second.succeeded(), target.output());
        assertEquals(counts, target.value(COUNTS));
        assertEquals(maxUpdated, target.value("SELECT max(updated_at) FROM messages"));
        for (TableReport report : second.tables()) {
            TableReport before = first.table(report.table());
            assertEquals(0, report.inserted(), report.table());
            assertEquals(before.imported(), report.alreadyPresent(), report.table());
            assertEquals(before.rejected(), report.rejected(), report.table());
            assertEquals(before.merged(), report.merged(), report.table());
        }
        assertEquals(2, target.count("SELECT count(*) FROM import_runs WHERE status = 'completed'"));
    }

    @Test
    void aDryRunChecksEverythingAndWritesNothing() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-messy.db", dir);
        ImportFixture target = new ImportFixture("dryrun");
        ImportResult result = target.run(new ImportOptions(file, true, UnknownTables.STOP, null));
        assertTrue(result.succeeded(), target.output());
        assertEquals(2000, result.table("messages").imported());
        assertEquals("0/0/0/0/0/0", target.value(COUNTS));
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
        assertEquals(1, target.count("SELECT last_value FROM automation_rules_id_seq"));
        assertTrue(target.output().contains("Dry run"), target.output());
    }

    @Test
    void liveRowsAreNeverOverwrittenAndTheConflictIsReported() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "live")) {
            file.message("m1", "+14155550101", "inbound", "received", "from the legacy app");
            file.message("m2", "+14155550101", "inbound", "received", "unrelated");
            file.contact("c1", "+1 415 555 0101", "Legacy Ana", "2024-01-01 00:00:00");
        }
        ImportFixture target = new ImportFixture("live");
        target.sql.execute("INSERT INTO messages (id, phone, direction, type, content, status, updated_at) "
                + "VALUES ('m1', '+14155550101', 'inbound', 'text', 'edited live', 'read', '2025-01-01T00:00:00Z')");
        target.sql.execute("INSERT INTO contacts (id, phone, name) VALUES ('contact_live', '+14155550101', 'Live Ana')");
        ImportResult result = target.run(dir.resolve("live.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals("edited live|read", target.value("SELECT content || '|' || status FROM messages WHERE id = 'm1'"));
        assertTrue(target.value("SELECT reason FROM import_rejects WHERE source_table = 'messages' AND source_key = 'm1'")
                .startsWith("conflict: the target already holds id m1"));
        assertEquals("from the legacy app", target.value("SELECT raw_row ->> 'content' FROM import_rejects WHERE source_key = 'm1'"));
        assertEquals("unrelated", target.value("SELECT content FROM messages WHERE id = 'm2'"));
        assertEquals("Live Ana", target.value("SELECT name FROM contacts WHERE phone = '+14155550101'"));
        assertTrue(target.value("SELECT reason FROM import_rejects WHERE source_key = 'c1'").contains("already belongs to contact_live"));
        assertEquals(1, result.table("messages").rejected());
        assertEquals(1, result.table("messages").imported());
        assertEquals(1, result.table("contacts").rejected());
    }

    @Test
    void killedMidRunThenReRunEndsWithTheCountsOfAnUninterruptedRun() throws Exception {
        Path file = bigFile();
        ImportFixture uninterrupted = new ImportFixture("uninterrupted");
        ImportResult reference = uninterrupted.run(file);
        assertTrue(reference.succeeded(), uninterrupted.output());

        ImportFixture target = new ImportFixture("killed");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "import-sqlite", file.toString(),
                "--url", target.database.jdbcUrl(), "--username", target.database.username()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().put("DATASOURCES_DEFAULT_PASSWORD", target.database.password());
        Process child = builder.start();
        // Wait until the child is inside its transaction (the run is recorded, rows are being staged), then SIGKILL.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (target.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'COPY import_stage_messages%'") == 0) {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "the child ended before it was killed");
            Thread.sleep(20);
        }
        child.destroyForcibly().waitFor();
        assertEquals("running", target.value("SELECT status FROM import_runs"));
        assertEquals(0, target.count("SELECT count(*) FROM messages"));

        ImportResult rerun = target.run(file);
        assertTrue(rerun.succeeded(), target.output());
        assertEquals(uninterrupted.value(COUNTS), target.value(COUNTS));
        for (TableReport report : reference.tables()) {
            TableReport after = rerun.table(report.table());
            assertEquals(report.imported(), after.imported(), report.table());
            assertEquals(report.rejected(), after.rejected(), report.table());
            assertEquals(report.verification().targetChecksum(), after.verification().targetChecksum(), report.table());
        }
        assertFalse(target.value("SELECT error FROM import_runs WHERE status = 'failed'").isEmpty());
    }

    /** Enough messages that the import is still staging them when the test kills it. */
    private Path bigFile() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "big")) {
            file.sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
                    + "INSERT INTO messages (id, phone, direction, type, content, status, whatsapp_message_id, created_at, updated_at) "
                    + "SELECT 'msg_' || i, '+1415555' || printf('%04d', i % 10000), CASE i % 2 WHEN 0 THEN 'in' ELSE 'outbound' END, 'text', "
                    + "'hello ' || i, CASE i % 2 WHEN 0 THEN 'received' ELSE 'DELIVERED' END, 'wamid.' || i, 1731900000 + i, "
                    + "'2024-11-18 03:20:00' FROM n");
            file.sql("INSERT INTO messages (id, phone, direction, type, status) VALUES ('msg_bad', 'none', 'in', 'text', 'received')");
        }
        return dir.resolve("big.db");
    }
}
