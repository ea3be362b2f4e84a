package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files written by shared/legacy/make-sample-db (see src/test/resources/legacy/README.md). */
class GeneratedFilesTest {

    @TempDir
    Path dir;

    @Test
    void theMessyFileLosesNothing() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-messy.db", dir);
        ImportFixture target = new ImportFixture("messy");
        ImportResult result = target.run(file);
        assertTrue(result.succeeded(), target.output());
        for (TableReport report : result.tables()) {
            assertEquals(sqlite(file, "SELECT count(*) FROM " + report.table()), report.source(), report.table());
            assertTrue(report.balanced() && report.verification().ok(), report.toString());
            assertEquals(report.imported(), target.count("SELECT count(*) FROM " + report.table()), report.table());
            assertEquals(report.rejected(), target.count("SELECT count(*) FROM import_rejects WHERE source_table = '" + report.table() + "'"));
        }
        // The generator points ~1% of media at 'msg_gone' and logs at rules 3 and 7, which it deleted.
        long gone = sqlite(file, "SELECT count(*) FROM media WHERE message_id = 'msg_gone'");
        assertTrue(gone > 0);
        assertEquals(gone, target.count("SELECT count(*) FROM media WHERE message_id IS NULL AND metadata #>> '{legacy,dangling,message_id}' = 'msg_gone'"));
        assertEquals(sqlite(file, "SELECT count(*) FROM automation_logs WHERE rule_id NOT IN (SELECT id FROM automation_rules)"),
                target.count("SELECT count(*) FROM automation_logs WHERE rule_id IS NULL AND metadata #> '{legacy,dangling}' ? 'rule_id'"));
        // Odd spellings were mapped, not rejected.
        assertEquals(sqlite(file, "SELECT count(*) FROM messages WHERE lower(direction) IN ('in', 'inbound')"),
                target.count("SELECT count(*) FROM messages WHERE direction = 'inbound'"));
        assertEquals(sqlite(file, "SELECT count(*) FROM messages WHERE lower(status) = 'delivered'"),
                target.count("SELECT count(*) FROM messages WHERE status = 'delivered'"));
        assertEquals(sqlite(file, "SELECT count(*) FROM messages WHERE instr(content, char(0)) > 0"),
                target.count("SELECT count(*) FROM messages WHERE metadata #> '{legacy,original_base64}' ? 'content'"));
        assertEquals("completed", target.value("SELECT status FROM import_runs"));
        assertEquals("true", target.value("SELECT verification #>> '{messages,ok}' FROM import_runs"));
        assertEquals("2000", target.value("SELECT report #>> '{messages,imported}' FROM import_runs"));
        assertTrue(target.value("SELECT last_value FROM automation_logs_id_seq").equals(
                String.valueOf(sqlite(file, "SELECT seq FROM sqlite_sequence WHERE name = 'automation_logs'"))));
    }

    @Test
    void theCleanFileImportsAsItStands() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-clean.db", dir);
        ImportFixture target = new ImportFixture("clean");
        ImportResult result = target.run(file);
        assertTrue(result.succeeded(), target.output());
        for (TableReport report : result.tables()) {
            assertEquals(sqlite(file, "SELECT count(*) FROM " + report.table()), report.imported(), report.table());
        }
        assertEquals(0, target.count("SELECT count(*) FROM import_rejects"));
        assertEquals(0, target.count("SELECT count(*) FROM messages WHERE metadata ? 'legacy'"));
        assertEquals(sqlite(file, "SELECT count(DISTINCT phone) FROM contacts"), target.count("SELECT count(DISTINCT phone) FROM contacts"));
    }

    private static long sqlite(Path file, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
