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

    private static void sqlite(Path file, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
