package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cutover: import while the old gateway still runs, then again at cutover. What only the source changed
 * is updated, what both sides changed is a conflict (kept), what the source deleted is reported and, when
 * asked, removed; the second run is online.
 */
class DeltaImportTest {

    @TempDir
    Path dir;

    @Test
    void theCutoverImportAppliesWhatOnlyTheSourceChangedKeepsConflictsAndReportsDeletions() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "cutover")) {
            file.contact("c1", "+14155550101", "Ana", "2024-01-01 00:00:00");
            file.contact("c2", "+14155550102", "Bo", "2024-01-01 00:00:00");
            file.contact("c3", "+14155550103", "Cy", "2024-01-01 00:00:00");
            file.message("m1", "+14155550101", "out", "sent", "one");
            file.message("m2", "+14155550102", "out", "sent", "two");
            file.message("m3", "+14155550103", "in", "received", "three");
            file.message("m5", "+14155550101", "out", "read", "five");
            path = file.path;
        }
        ImportFixture target = new ImportFixture("cutover");
        assertTrue(target.run(path).succeeded(), target.output());

        // The new gateway is live: the API renames c2, a webhook says m2 was delivered.
        target.sql.execute("UPDATE contacts SET name = 'Bo (live)', updated_at = now() WHERE id = 'c2'");
        target.sql.execute("UPDATE messages SET status = 'delivered', updated_at = now() WHERE id = 'm2'");
        // ...while the old gateway kept going until the cutover.
        sqlite(path, "UPDATE contacts SET name = 'Ana Maria', updated_at = '2024-06-01 00:00:00' WHERE id = 'c1'");
        sqlite(path, "UPDATE contacts SET name = 'Bo Legacy', updated_at = '2024-06-01 00:00:00' WHERE id = 'c2'");
        sqlite(path, "UPDATE contacts SET deleted_at = '2024-06-01 00:00:00', updated_at = '2024-06-01 00:00:00' WHERE id = 'c3'");
        sqlite(path, "UPDATE messages SET status = 'read', updated_at = '2024-06-01 00:00:00' WHERE id IN ('m1', 'm2')");
        sqlite(path, "UPDATE messages SET status = 'delivered', content = 'five, edited' WHERE id = 'm5'");
        sqlite(path, "DELETE FROM messages WHERE id = 'm3'");
        sqlite(path, "INSERT INTO messages (id, phone, direction, type, content, status, created_at, updated_at) "
                + "VALUES ('m4', '+14155550101', 'in', 'text', 'four', 'received', '2024-06-01 00:00:00', '2024-06-01 00:00:00')");

        ImportResult dry = target.run(new ImportOptions(path, true, UnknownTables.STOP, null));
        ImportResult cutover = target.run(path);
        assertTrue(cutover.succeeded(), target.output());
        assertEquals(cutover.tables(), dry.tables(), "the dry run reports what the run does");

        TableReport contacts = cutover.table("contacts");
        assertEquals(2, contacts.updated(), contacts.toString());
        assertEquals(1, contacts.conflicts(), contacts.toString());
        assertEquals(0, contacts.inserted(), contacts.toString());
        TableReport messages = cutover.table("messages");
        assertEquals(2, messages.updated(), messages.toString());
        assertEquals(1, messages.inserted(), messages.toString());
        assertEquals(1, messages.conflicts(), messages.toString());
        assertEquals(1, messages.deleted(), messages.toString());
        assertTrue(contacts.balanced() && messages.balanced() && contacts.verification().ok() && messages.verification().ok());

        assertEquals("Ana Maria", target.value("SELECT name FROM contacts WHERE id = 'c1'"));
        assertEquals("Bo (live)", target.value("SELECT name FROM contacts WHERE id = 'c2'"));
        assertEquals("t", target.value("SELECT deleted_at IS NOT NULL FROM contacts WHERE id = 'c3'"));
        assertEquals("read", target.value("SELECT status FROM messages WHERE id = 'm1'"));
        assertEquals("delivered", target.value("SELECT status FROM messages WHERE id = 'm2'"));
        assertEquals("read|five, edited", target.value("SELECT status || '|' || content FROM messages WHERE id = 'm5'"),
                "a status only moves forward");
        assertEquals("four", target.value("SELECT content FROM messages WHERE id = 'm4'"));
        assertEquals("three", target.value("SELECT content FROM messages WHERE id = 'm3'"), "kept without --apply-deletes");
        assertEquals("Bo Legacy", target.value("SELECT raw_row ->> 'name' FROM import_rejects WHERE source_table = 'contacts' AND source_key = 'c2'"));
        assertTrue(target.value("SELECT reason FROM import_rejects WHERE source_key = 'c2'").contains("changed in the source and in the target"));
        assertEquals("read", target.value("SELECT raw_row ->> 'status' FROM import_rejects WHERE source_table = 'messages' AND source_key = 'm2'"));
        assertEquals("2|1|1|1|1", target.value("SELECT concat_ws('|', report #>> '{messages,updated}', report #>> '{messages,new}', "
                + "report #>> '{messages,conflicts}', report #>> '{messages,deleted}', report #>> '{contacts,conflicts}') "
                + "FROM import_runs WHERE id = '" + cutover.runId() + "'"));

        ImportResult again = target.run(new ImportOptions(path, false, UnknownTables.STOP, null).withApplyDeletes(true));
        assertTrue(again.succeeded(), target.output());
        assertEquals(0, target.count("SELECT count(*) FROM messages WHERE id = 'm3'"));
        assertEquals(1, again.table("messages").deleted());
        assertEquals(0, again.table("messages").updated() + again.table("contacts").updated() + again.table("messages").inserted());
        assertTrue(again.table("messages").notes().stream().anyMatch(n -> n.contains("1 deleted")), again.table("messages").notes().toString());

        ImportResult settled = target.run(path);
        assertTrue(settled.succeeded(), target.output());
        assertEquals(0, settled.table("messages").deleted(), "a removed row is not reported again");
    }

    @Test
    void theDeltaRunsWhileALiveTransactionHoldsRowsOfTheSameTables() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "online")) {
            file.contact("c1", "+14155550101", "Ana", "2024-01-01 00:00:00");
            file.message("m1", "+14155550101", "out", "sent", "one");
            path = file.path;
        }
        ImportFixture target = new ImportFixture("online");
        assertTrue(target.run(path).succeeded(), target.output());
        sqlite(path, "UPDATE messages SET status = 'delivered' WHERE id = 'm1'");
        sqlite(path, "INSERT INTO messages (id, phone, direction, type, content, status, created_at, updated_at) "
                + "VALUES ('m2', '+14155550101', 'in', 'text', 'two', 'received', '2024-06-01 00:00:00', '2024-06-01 00:00:00')");
        try (Connection api = target.sql.connect(); Statement statement = api.createStatement()) {
            // A writer in the middle of its transaction: the first import's SHARE lock would wait for it to end.
            api.setAutoCommit(false);
            statement.execute("INSERT INTO messages (id, phone, direction, type, content, status) "
                    + "VALUES ('msg_live', '+14155550101', 'outbound', 'text', 'live', 'accepted')");
            statement.execute("INSERT INTO contacts (id, phone, name) VALUES ('contact_live', '+14155550199', 'Live')");
            ImportResult delta = CompletableFuture.supplyAsync(() -> {
                try {
                    return target.run(path);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(delta.succeeded(), target.output());
            assertEquals(1, delta.table("messages").updated());
            assertEquals(1, delta.table("messages").inserted());
            api.commit();
        }
        assertEquals("delivered", target.value("SELECT status FROM messages WHERE id = 'm1'"));
        assertEquals(3, target.count("SELECT count(*) FROM messages"));
    }

    @Test
    void aDeltaLargerThanOneBatchAppliesEveryBatchAndKeepsAConflictInALaterOne() throws Exception {
        int messages = TableImporter.WRITE_BATCH + 1_500;
        int added = 1_000;
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "batches")) {
            file.contact("c1", "+14155550101", "Ana", "2024-01-01 00:00:00");
            file.sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + messages + ") "
                    + "INSERT INTO messages (id, phone, direction, type, content, status, created_at, updated_at) "
                    + "SELECT printf('m%05d', i), '+14155550101', 'out', 'text', 'text ' || i, 'sent', "
                    + "'2024-11-18 03:20:00', '2024-11-18 03:20:00' FROM n");
            path = file.path;
        }
        ImportFixture target = new ImportFixture("batches");
        assertTrue(target.run(path).succeeded(), target.output());

        // A webhook moves one message of the last batch on in the target; the source changes all but every tenth,
        // adds new ones and deletes the every-tenth ones.
        target.sql.execute("UPDATE messages SET status = 'delivered', content = 'live', updated_at = now() WHERE id = 'm06001'");
        sqlite(path, "UPDATE messages SET status = 'read', content = content || ' (edited)', updated_at = '2024-12-01 00:00:00' "
                + "WHERE rowid % 10 <> 0");
        sqlite(path, "DELETE FROM messages WHERE rowid % 10 = 0");
        sqlite(path, "WITH RECURSIVE n(i) AS (SELECT " + (messages + 1) + " UNION ALL SELECT i + 1 FROM n WHERE i < " + (messages + added)
                + ") INSERT INTO messages (id, phone, direction, type, content, status, created_at, updated_at) "
                + "SELECT printf('m%05d', i), '+14155550101', 'in', 'text', 'new ' || i, 'received', '2024-12-01 00:00:00', "
                + "'2024-12-01 00:00:00' FROM n");
        int gone = messages / 10;
        int changed = messages - gone;

        ImportResult cutover = target.run(new ImportOptions(path, false, UnknownTables.STOP, null).withApplyDeletes(true));
        assertTrue(cutover.succeeded(), target.output());
        TableReport report = cutover.table("messages");
        assertEquals(changed - 1, report.updated(), report.toString());
        assertEquals(1, report.conflicts(), report.toString());
        assertEquals(added, report.inserted(), report.toString());
        assertEquals(gone, report.deleted(), report.toString());
        assertTrue(report.balanced() && report.verification().ok(), report.toString());

        assertEquals(changed - 1, target.count("SELECT count(*) FROM messages WHERE status = 'read' AND content LIKE '% (edited)'"));
        assertEquals("delivered|live", target.value("SELECT status || '|' || content FROM messages WHERE id = 'm06001'"));
        assertEquals(0, target.count("SELECT count(*) FROM messages WHERE (substr(id, 2)::int) % 10 = 0 AND substr(id, 2)::int <= " + messages));
        assertEquals(added, target.count("SELECT count(*) FROM messages WHERE content LIKE 'new %'"));
        assertEquals(changed + added, target.count("SELECT count(*) FROM messages"));
        // Every row written has the hash of what was written: the next run finds nothing to do.
        ImportResult settled = target.run(path);
        assertTrue(settled.succeeded(), target.output());
        TableReport again = settled.table("messages");
        assertEquals(0, again.updated() + again.inserted() + again.deleted(), again.toString());
        assertEquals(changed + added - 1, again.alreadyPresent(), again.toString());
        assertTrue(again.notes().contains(String.format("%,d rows unchanged in the source since the run that wrote them: not staged again",
                changed + added - 1)), again.notes().toString());
    }

    @Test
    void aRowGoneFromTheTargetIsStagedAgainThoughItsSourceIsUnchanged() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "cleared")) {
            file.message("m1", "+14155550101", "in", "received", "one");
            file.message("m2", "+14155550101", "in", "received", "two");
            path = file.path;
        }
        ImportFixture target = new ImportFixture("cleared");
        assertTrue(target.run(path).succeeded(), target.output());
        // Someone removed a row to import it again: its hash says "unchanged", the target no longer has it.
        target.sql.execute("DELETE FROM messages WHERE id = 'm1'");

        ImportResult again = target.run(path);
        assertTrue(again.succeeded(), target.output());
        TableReport messages = again.table("messages");
        assertEquals(1, messages.inserted(), messages.toString());
        assertEquals(1, messages.alreadyPresent(), messages.toString());
        assertEquals("one", target.value("SELECT content FROM messages WHERE id = 'm1'"));
    }

    @Test
    void importedContactsGetTheirWindowFromTheImportedInboundMessagesInTheFirstRunAndTheCutover() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "windows")) {
            file.contact("w1", "+14155550201", "Di", "2024-01-01 00:00:00");
            file.contact("w2", "+14155550202", "Ed", "2024-01-01 00:00:00");
            file.message("wm1", "+14155550201", "in", "received", "hello");
            file.message("wm2", "+14155550202", "out", "sent", "only sent to");
            path = file.path;
        }
        ImportFixture target = new ImportFixture("windows");
        assertTrue(target.run(path).succeeded(), target.output());
        assertEquals("t", target.value("SELECT last_inbound_at = timestamptz '2024-11-18 03:20:00+00' FROM contacts WHERE id = 'w1'"));
        assertEquals(null, target.value("SELECT last_inbound_at FROM contacts WHERE id = 'w2'"), "never wrote");
        assertEquals("t", target.value("SELECT updated_at = timestamptz '2024-01-01 00:00:00+00' FROM contacts WHERE id = 'w1'"),
                "updated_at stays as imported");

        // Until the cutover the old gateway takes w2's first message and a newer one of w1.
        sqlite(path, "INSERT INTO messages (id, phone, direction, type, content, status, created_at, updated_at) VALUES "
                + "('wm3', '+14155550201', 'in', 'text', 'again', 'received', '2024-12-01 09:00:00', '2024-12-01 09:00:00'), "
                + "('wm4', '+14155550202', 'in', 'text', 'hi', 'received', '2024-12-02 10:00:00', '2024-12-02 10:00:00')");
        ImportResult cutover = target.run(path);
        assertTrue(cutover.succeeded(), target.output());
        assertEquals("t", target.value("SELECT last_inbound_at = timestamptz '2024-12-01 09:00:00+00' FROM contacts WHERE id = 'w1'"));
        assertEquals("t", target.value("SELECT last_inbound_at = timestamptz '2024-12-02 10:00:00+00' FROM contacts WHERE id = 'w2'"));

        // Nothing changed since: the windows moved no row hash, so no contact is seen as changed in the target.
        sqlite(path, "UPDATE contacts SET name = 'Di Legacy', updated_at = '2024-12-03 00:00:00' WHERE id = 'w1'");
        ImportResult again = target.run(path);
        assertTrue(again.succeeded(), target.output());
        assertEquals(1, again.table("contacts").updated(), again.table("contacts").toString());
        assertEquals(0, again.table("contacts").conflicts(), again.table("contacts").toString());
        assertEquals("Di Legacy", target.value("SELECT name FROM contacts WHERE id = 'w1'"));
    }

    private static void sqlite(Path file, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
