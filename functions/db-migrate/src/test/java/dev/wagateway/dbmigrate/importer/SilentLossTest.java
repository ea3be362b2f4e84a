package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files that differ from the expected schema: each one used to lose or misplace data while the run said
 * "Imported and verified". Now each is imported whole, or refused (exit 2) before anything is written.
 */
class SilentLossTest {

    @TempDir
    Path dir;

    // 1. Columns: matched case-insensitively; a column the target needs and cannot default is a refusal.

    @Test
    void aMessagesTableWithoutStatusIsRefusedNamingTableAndColumn() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "nostatus")) {
            file.sql("DROP TABLE messages");
            file.sql("CREATE TABLE messages (id TEXT PRIMARY KEY, phone TEXT, direction TEXT, type TEXT, content TEXT, "
                    + "created_at DATETIME, updated_at DATETIME)");
            file.insert("messages", "id, phone, direction, type, content, created_at, updated_at",
                    "m1", "+14155550101", "in", "text", "hi", "2024-11-18 03:20:00", "2024-11-18 03:20:00");
        }
        ImportFixture target = new ImportFixture("nostatus");
        CommandRun run = importSqlite(target, dir.resolve("nostatus.db"));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("messages") && run.err().contains("status"), run.err());
        assertEquals(0, target.count("SELECT (SELECT count(*) FROM import_runs) + (SELECT count(*) FROM messages)"));
    }

    @Test
    void messagesWithoutAnyTimeAreRefusedRatherThanDated1970() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "notimes")) {
            file.sql("DROP TABLE messages");
            file.sql("CREATE TABLE messages (id TEXT PRIMARY KEY, phone TEXT, direction TEXT, type TEXT, status TEXT, content TEXT)");
            file.insert("messages", "id, phone, direction, type, status, content", "m1", "+14155550101", "in", "text", "received", "hi");
        }
        ImportFixture target = new ImportFixture("notimes");
        CommandRun run = importSqlite(target, dir.resolve("notimes.db"));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("messages") && run.err().contains("created_at"), run.err());
        assertEquals(0, target.count("SELECT count(*) FROM messages"));
    }

    @Test
    void columnsInAnotherCaseAreTheSameColumns() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "case")) {
            file.sql("DROP TABLE messages");
            file.sql("CREATE TABLE Messages (ID TEXT PRIMARY KEY, Phone TEXT, Direction TEXT, Type TEXT, Content TEXT, Status TEXT, "
                    + "Created_At DATETIME, Updated_At DATETIME)");
            file.insert("messages", "ID, Phone, Direction, Type, Content, Status, Created_At, Updated_At",
                    "m1", "+14155550101", "in", "text", "hi", "received", "2024-11-18 03:20:00", "2024-11-18 03:20:05");
            file.insert("media", "id, message_id, storage_path", 1L, "m1", "media/a.jpg");
        }
        ImportFixture target = new ImportFixture("columncase");
        ImportResult result = target.run(dir.resolve("case.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals(1, result.table("messages").imported(), target.output());
        assertEquals("hi|received|2024-11-18 03:20:00", target.value(
                "SELECT content || '|' || status || '|' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM messages WHERE id = 'm1'"));
        assertEquals("m1", target.value("SELECT message_id FROM media WHERE id = 1"));
        assertEquals(0, result.table("media").dangling());
        assertEquals(0, target.count("SELECT count(*) FROM import_rejects"));
    }

    @Test
    void aMissingColumnWithADocumentedDefaultIsImportedAndTheReportSaysSo() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "nocount")) {
            file.sql("DROP TABLE contacts");
            file.sql("CREATE TABLE contacts (id TEXT PRIMARY KEY, phone TEXT, name TEXT, created_at DATETIME, updated_at DATETIME)");
            file.contact("c1", "+14155550101", "Ana", "2024-01-01 00:00:00");
        }
        ImportFixture target = new ImportFixture("nocount");
        ImportResult result = target.run(dir.resolve("nocount.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals("0", target.value("SELECT message_count FROM contacts WHERE id = 'c1'"));
        assertTrue(result.table("contacts").notes().stream().anyMatch(n -> n.contains("message_count") && n.contains("1 row")),
                result.table("contacts").notes().toString());
        assertTrue(target.output().contains("message_count"), target.output());
    }

    // 2. Generated columns.

    @Test
    void generatedColumnsNeitherShiftNorLoseValues() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "generated")) {
            file.sql("CREATE TABLE g (a INT, b INT GENERATED ALWAYS AS (a * 2) VIRTUAL, c TEXT)");
            file.sql("INSERT INTO g (a, c) VALUES (1, 'one')");
        }
        ImportFixture target = new ImportFixture("generated");
        ImportResult result = target.run(new ImportOptions(dir.resolve("generated.db"), false, UnknownTables.CARRY, null));
        assertTrue(result.succeeded(), target.output());
        assertEquals("{\"a\": 1, \"b\": 2, \"c\": \"one\"}", target.value("SELECT row_data::text FROM legacy_rows WHERE source_table = 'g'"));
    }

    // 3. Row identity.

    @Test
    void aColumnNamedRowidDoesNotMergeRows() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "rowid")) {
            file.sql("CREATE TABLE r (rowid TEXT, v TEXT)");
            file.sql("INSERT INTO r (rowid, v) VALUES ('same', 'a'), ('same', 'b'), ('other', 'c')");
        }
        ImportFixture target = new ImportFixture("rowid");
        ImportResult result = target.run(new ImportOptions(dir.resolve("rowid.db"), false, UnknownTables.CARRY, null));
        assertTrue(result.succeeded(), target.output());
        assertEquals(3, target.count("SELECT count(*) FROM legacy_rows WHERE source_table = 'r'"));
        assertEquals("a,b,c", target.value("SELECT string_agg(row_data ->> 'v', ',' ORDER BY row_data ->> 'v') FROM legacy_rows"));
        assertEquals(3, result.table("r").inserted());
        assertEquals(0, result.table("r").alreadyPresent());
    }

    @Test
    void withoutRowidAndFts5TablesAreCarriedAndFtsShadowTablesSkippedKnowingly() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "fts")) {
            file.sql("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
            file.sql("INSERT INTO kv VALUES ('b', 'two'), ('a', 'one')");
            file.sql("CREATE VIRTUAL TABLE notes USING fts5(body)");
            file.sql("INSERT INTO notes (body) VALUES ('hello world'), ('second note')");
        }
        ImportFixture target = new ImportFixture("fts");
        ImportResult result = target.run(new ImportOptions(dir.resolve("fts.db"), false, UnknownTables.CARRY, null));
        assertTrue(result.succeeded(), target.output());
        assertEquals("one,two", target.value("SELECT string_agg(row_data ->> 'v', ',' ORDER BY row_data ->> 'k') FROM legacy_rows WHERE source_table = 'kv'"));
        assertEquals("hello world|second note", target.value(
                "SELECT string_agg(row_data ->> 'body', '|' ORDER BY source_rowid) FROM legacy_rows WHERE source_table = 'notes'"));
        assertEquals(0, target.count("SELECT count(*) FROM legacy_rows WHERE source_table LIKE 'notes\\_%'"));
        assertTrue(target.output().contains("notes_data") && target.output().contains("shadow"), target.output());
    }

    // 4. Carried rows match on content.

    @Test
    void aCarriedRowWithOtherValuesUnderTheSameIdentityIsAConflictKeptInFull() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "first")) {
            file.sql("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)");
            file.sql("INSERT INTO tags VALUES (1, 'vip'), (2, 'late')");
        }
        try (LegacyFile file = LegacyFile.create(dir, "second")) {
            file.sql("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)");
            file.sql("INSERT INTO tags VALUES (1, 'renamed'), (2, 'late')");
        }
        ImportFixture target = new ImportFixture("carryconflict");
        assertTrue(target.run(new ImportOptions(dir.resolve("first.db"), false, UnknownTables.CARRY, null)).succeeded(), target.output());
        ImportResult second = target.run(new ImportOptions(dir.resolve("second.db"), false, UnknownTables.CARRY, null));
        assertTrue(second.succeeded(), target.output());
        assertEquals(1, second.table("tags").alreadyPresent());
        assertEquals(1, second.table("tags").rejected());
        assertEquals("vip", target.value("SELECT row_data ->> 'label' FROM legacy_rows WHERE source_table = 'tags' AND source_rowid = 1"));
        assertEquals("renamed", target.value("SELECT raw_row ->> 'label' FROM import_rejects WHERE source_table = 'tags'"));
        assertTrue(target.value("SELECT reason FROM import_rejects WHERE source_table = 'tags'").startsWith("conflict"));
    }

    // 5. Only SQLite's own tables are skipped.

    @Test
    void aTableWhoseNameStartsWithSqliteIsNotIgnored() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "sqlitesettings")) {
            file.message("m1", "+14155550101", "in", "received", "hi");
            file.sql("CREATE TABLE sqlitesettings (k TEXT, v TEXT)");
            file.sql("INSERT INTO sqlitesettings VALUES ('theme', 'dark')");
        }
        ImportFixture target = new ImportFixture("sqlitesettings");
        CommandRun run = importSqlite(target, dir.resolve("sqlitesettings.db"));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("sqlitesettings"), run.err());
    }

    // 6. One snapshot of the source, and no -wal or -shm left behind.

    @Test
    void theSourceIsReadAsOneSnapshot() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "snapshot")) {
            file.sql("PRAGMA journal_mode = WAL");
            file.message("m1", "+14155550101", "in", "received", "hi");
            path = file.path;
            try (SourceDatabase source = SourceDatabase.open(path)) {
                assertEquals(1, source.count("messages"));
                file.message("m2", "+14155550101", "in", "received", "written during the import");
                assertEquals(1, source.count("messages"));
            }
        }
    }

    @Test
    void aWalFileOpenedReadOnlyLeavesNoWalOrShmBehind() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "wal")) {
            file.sql("PRAGMA journal_mode = WAL");
            file.message("m1", "+14155550101", "in", "received", "hi");
            path = file.path;
        }
        assertFalse(Files.exists(Path.of(path + "-wal")));
        ImportFixture target = new ImportFixture("wal");
        assertTrue(target.run(path).succeeded(), target.output());
        assertFalse(Files.exists(Path.of(path + "-wal")), "-wal left behind");
        assertFalse(Files.exists(Path.of(path + "-shm")), "-shm left behind");
    }

    // 7. JSON PostgreSQL cannot hold.

    @Test
    void jsonPostgresqlCannotHoldIsKeptAsTheOriginalText() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "json")) {
            file.insert("contacts", "id, phone, metadata", "c_surrogate", "+14155550101", "{\"a\": \"\\ud83d\"}");
            // A phone in another spelling makes the import rewrite the metadata (its legacy key is added).
            file.insert("contacts", "id, phone, metadata", "c_digits", "1 415 555 0102",
                    "{\"n\": 0.12345678901234567890123, \"s\": \"\\ud83d\\ude00 ok\"}");
            file.insert("contacts", "id, phone, metadata", "c_huge", "+14155550103", "{\"big\": 1e999999}");
            file.insert("contacts", "id, phone, metadata", "c_twice", "+14155550104", "{\"k\": 1, \"k\": 2}");
        }
        ImportFixture target = new ImportFixture("json");
        ImportResult result = target.run(dir.resolve("json.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals(4, result.table("contacts").imported());
        assertEquals("{\"a\": \"\\ud83d\"}", target.value("SELECT metadata #>> '{legacy,not_json,metadata}' FROM contacts WHERE id = 'c_surrogate'"));
        assertEquals("0.12345678901234567890123", target.value("SELECT metadata ->> 'n' FROM contacts WHERE id = 'c_digits'"));
        assertEquals("\uD83D\uDE00 ok", target.value("SELECT metadata ->> 's' FROM contacts WHERE id = 'c_digits'"));
        assertEquals("{\"big\": 1e999999}", target.value("SELECT metadata #>> '{legacy,not_json,metadata}' FROM contacts WHERE id = 'c_huge'"));
        assertEquals("{\"k\": 1, \"k\": 2}", target.value("SELECT metadata #>> '{legacy,not_json,metadata}' FROM contacts WHERE id = 'c_twice'"));
    }

    // 8. The bookkeeping tables describe the latest run.

    @Test
    void aRejectFixedInTheSourceLeavesTheRejectTable() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "fixed")) {
            file.message("m1", "+14155550101", "in", "received", "fine");
            file.message("m2", "not a phone", "in", "received", "bad phone");
            path = file.path;
        }
        ImportFixture target = new ImportFixture("fixed");
        assertTrue(target.run(path).succeeded(), target.output());
        assertEquals(1, target.count("SELECT count(*) FROM import_rejects WHERE source_key = 'm2'"));
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + path); Statement statement = sqlite.createStatement()) {
            statement.executeUpdate("UPDATE messages SET phone = '+14155550102' WHERE id = 'm2'");
        }
        ImportResult second = target.run(path);
        assertTrue(second.succeeded(), target.output());
        assertEquals("+14155550102", target.value("SELECT phone FROM messages WHERE id = 'm2'"));
        assertEquals(0, target.count("SELECT count(*) FROM import_rejects WHERE source_key = 'm2'"));
    }

    @Test
    void aRepeatedConflictIsRecordedByTheLatestRun() throws Exception {
        Path path;
        try (LegacyFile file = LegacyFile.create(dir, "conflict")) {
            file.message("m1", "+14155550101", "in", "received", "legacy text");
            path = file.path;
        }
        ImportFixture target = new ImportFixture("repeatconflict");
        target.sql.execute("INSERT INTO messages (id, phone, direction, type, content, status) "
                + "VALUES ('m1', '+14155550101', 'inbound', 'text', 'live text', 'read')");
        assertTrue(target.run(path).succeeded(), target.output());
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + path); Statement statement = sqlite.createStatement()) {
            statement.executeUpdate("UPDATE messages SET content = 'legacy text, edited' WHERE id = 'm1'");
        }
        ImportResult second = target.run(path);
        assertTrue(second.succeeded(), target.output());
        assertEquals(1, second.table("messages").rejected());
        assertEquals(second.runId() + "|legacy text, edited", target.value(
                "SELECT import_run_id || '|' || (raw_row ->> 'content') FROM import_rejects WHERE source_key = 'm1'"));
    }

    @Test
    void noRowIsRecordedAsMergedIntoAContactThatWasRejected() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "mergereject")) {
            file.contact("c_old", "+1 415 555 0101", "Ana Old", "2023-01-01 00:00:00");
            file.contact("c_new", "14155550101", "Ana New", "2024-01-01 00:00:00");
        }
        ImportFixture target = new ImportFixture("mergereject");
        target.sql.execute("INSERT INTO contacts (id, phone, name) VALUES ('contact_live', '+14155550101', 'Live Ana')");
        ImportResult result = target.run(dir.resolve("mergereject.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals(0, target.count("SELECT count(*) FROM import_merges"));
        assertEquals(2, target.count("SELECT count(*) FROM import_rejects WHERE source_table = 'contacts'"));
        assertEquals("Ana Old", target.value("SELECT raw_row ->> 'name' FROM import_rejects WHERE source_key = 'c_old'"));
        assertEquals(2, result.table("contacts").rejected());
        assertEquals(0, result.table("contacts").merged());
    }

    // 9. Nothing to import is a refusal.

    @Test
    void aFileWithNoRowsOrNoLegacyTableIsRefusedUnlessAsked() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "norows")) {
            file.sql("SELECT 1");
        }
        try (LegacyFile file = LegacyFile.empty(dir, "notables")) {
            file.sql("CREATE TABLE other_app (x TEXT)");
        }
        Files.write(dir.resolve("zero.db"), new byte[0]);
        ImportFixture target = new ImportFixture("nothing");
        for (String name : new String[] {"norows.db", "notables.db", "zero.db"}) {
            CommandRun run = importSqlite(target, dir.resolve(name), "--unknown-tables=carry");
            assertEquals(2, run.exitCode(), name + ": " + run.out() + run.err());
            assertTrue(run.err().contains("Nothing was written"), run.err());
        }
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
        CommandRun allowed = importSqlite(target, dir.resolve("norows.db"), "--allow-empty");
        assertEquals(0, allowed.exitCode(), allowed.out() + allowed.err());
    }

    // 10. Clear refusals.

    @Test
    void aDirectoryIsARefusal() throws Exception {
        ImportFixture target = new ImportFixture("directory");
        CommandRun run = importSqlite(target, dir);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("directory"), run.err());
    }

    @Test
    void anUnmigratedTargetSaysRunMigrateFirst() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "unmigrated")) {
            file.message("m1", "+14155550101", "in", "received", "hi");
        }
        ImportFixture target = new ImportFixture("unmigrated");
        target.sql.execute("DROP SCHEMA public CASCADE");
        target.sql.execute("CREATE SCHEMA public");
        CommandRun run = importSqlite(target, dir.resolve("unmigrated.db"));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("migrate"), run.err());
    }

    private static CommandRun importSqlite(ImportFixture target, Path file, String... options) {
        String[] args = new String[6 + options.length];
        String[] base = {"import-sqlite", file.toString(), "--url", target.database.jdbcUrl(), "--username", target.database.username()};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        return CommandRun.of(args);
    }
}
