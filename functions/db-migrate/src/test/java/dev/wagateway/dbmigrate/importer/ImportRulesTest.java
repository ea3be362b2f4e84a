package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merges, unknown columns and tables, dangling references, the sequence floor: one hand-made file each. */
class ImportRulesTest {

    @TempDir
    Path dir;

    @Test
    void twoSpellingsOfOneNumberMergeIntoTheMostRecentlyUpdatedContact() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "merge")) {
            file.insert("contacts", "id, phone, name, profile_picture_url, message_count, unread_count, metadata, created_at, updated_at",
                    "c_old", "+1 (415) 555-0101", "Ana Old", "https://p.example/ana.jpg", 7L, 1L, "{\"source\": \"ads\"}",
                    "2023-01-01 00:00:00", "2023-06-01 00:00:00");
            file.insert("contacts", "id, phone, name, message_count, unread_count, metadata, created_at, updated_at",
                    "c_new", "14155550101", null, 5L, 2L, "{\"vip\": true}", "2023-02-01 00:00:00", "2024-06-01 00:00:00");
            file.contact("c_other", "+14155550102", "Bo", "2024-01-01 00:00:00");
        }
        ImportFixture target = new ImportFixture("merge");
        ImportResult result = target.run(dir.resolve("merge.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals(2, target.count("SELECT count(*) FROM contacts"));
        assertEquals("+14155550101|Ana Old|https://p.example/ana.jpg|12|3|2023-01-01 00:00:00+00", target.value(
                "SELECT phone || '|' || name || '|' || profile_picture_url || '|' || message_count || '|' || unread_count || '|' "
                        + "|| (created_at AT TIME ZONE 'UTC')::text || '+00' FROM contacts WHERE id = 'c_new'"));
        assertEquals("ads|true|[\"c_old\"]", target.value("SELECT (metadata ->> 'source') || '|' || (metadata ->> 'vip') || '|' "
                + "|| (metadata #> '{legacy,merged_from}')::text FROM contacts WHERE id = 'c_new'"));
        assertEquals("c_new|Ana Old", target.value("SELECT merged_into || '|' || (raw_row ->> 'name') FROM import_merges WHERE source_key = 'c_old'"));
        TableReport contacts = result.table("contacts");
        assertEquals(3, contacts.source());
        assertEquals(2, contacts.imported());
        assertEquals(1, contacts.merged());
        assertTrue(contacts.verification().ok());
    }

    @Test
    void anUnknownColumnGoesIntoMetadataUnderTheLegacyKey() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "column")) {
            file.sql("ALTER TABLE contacts ADD COLUMN nickname TEXT");
            file.sql("ALTER TABLE contacts ADD COLUMN avatar BLOB");
            file.insert("contacts", "id, phone, nickname, avatar", "c1", "+14155550101", "Annie", new byte[] {1, 2, 3});
        }
        ImportFixture target = new ImportFixture("column");
        ImportResult result = target.run(dir.resolve("column.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals("Annie", target.value("SELECT metadata #>> '{legacy,columns,nickname}' FROM contacts WHERE id = 'c1'"));
        assertEquals("AQID", target.value("SELECT metadata #>> '{legacy,columns,avatar,$base64}' FROM contacts WHERE id = 'c1'"));
        assertTrue(target.output().contains("[nickname, avatar]"), target.output());
    }

    @Test
    void anUnknownTableStopsTheImportBeforeAnythingIsWrittenUnlessCarriedOrSkipped() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "table")) {
            file.contact("c1", "+14155550101", "Ana", "2024-01-01 00:00:00");
            file.sql("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT, icon BLOB)");
            file.insert("tags", "id, label, icon", 1L, "vip", new byte[] {9});
            file.insert("tags", "id, label", 2L, "late payer");
        }
        Path path = dir.resolve("table.db");
        ImportFixture stopped = new ImportFixture("tablestop");
        ImportRefusedException refused = assertThrows(ImportRefusedException.class, () -> stopped.run(path));
        assertTrue(refused.getMessage().contains("[tags]"), refused.getMessage());
        assertEquals(0, stopped.count("SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM import_runs)"));

        ImportFixture carried = new ImportFixture("tablecarry");
        ImportResult carry = carried.run(new ImportOptions(path, false, UnknownTables.CARRY, null));
        assertTrue(carry.succeeded(), carried.output());
        assertEquals(2, carried.count("SELECT count(*) FROM legacy_rows WHERE source_table = 'tags'"));
        assertEquals("late payer", carried.value("SELECT row_data ->> 'label' FROM legacy_rows WHERE source_rowid = 2"));
        assertEquals("CQ==", carried.value("SELECT row_data #>> '{icon,$base64}' FROM legacy_rows WHERE source_rowid = 1"));
        assertEquals(2, carry.table("tags").imported());

        ImportFixture skipped = new ImportFixture("tableskip");
        ImportResult skip = skipped.run(new ImportOptions(path, false, UnknownTables.SKIP, null));
        assertTrue(skip.succeeded(), skipped.output());
        assertEquals(2, skip.table("tags").skipped());
        assertEquals(0, skipped.count("SELECT count(*) FROM legacy_rows"));
        assertEquals(1, skipped.count("SELECT count(*) FROM contacts"));
    }

    @Test
    void danglingReferencesAreSetAsideAndCounted() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "dangling")) {
            file.message("m1", "+14155550101", "inbound", "received", "hi");
            file.insert("automation_rules", "id, name, trigger_type, response_type", 1L, "r1", "keyword", "text");
            file.insert("automation_logs", "id, rule_id, phone, message_id, executed_at", 1L, 1L, "+14155550101", "m1", "2024-11-18 03:20:00");
            file.insert("automation_logs", "id, rule_id, phone, message_id, executed_at", 2L, 3L, "+14155550101", "m_gone", "2024-11-18 03:20:00");
            file.insert("media", "id, message_id, storage_path", 1L, "m_gone", "media/x.bin");
            file.insert("flows", "id, name", 1L, "f1");
            file.insert("flow_nodes", "id, flow_id, node_key, type", 1L, 1L, "n1", "message");
            file.insert("flow_nodes", "id, flow_id, node_key, type", 2L, 9L, "n1", "message");
            file.insert("flow_edges", "id, flow_id, source_node_key, target_node_key", 1L, 1L, "n1", "n_missing");
            file.insert("flow_edges", "id, flow_id, source_node_key, target_node_key", 2L, 9L, "n1", "n2");
            file.insert("conversation_sessions", "id, phone, flow_id", 1L, "+14155550101", 4L);
        }
        ImportFixture target = new ImportFixture("dangling");
        ImportResult result = target.run(dir.resolve("dangling.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals("1|m1", target.value("SELECT rule_id || '|' || message_id FROM automation_logs WHERE id = 1"));
        assertNull(target.value("SELECT coalesce(rule_id::text, message_id) FROM automation_logs WHERE id = 2"));
        assertEquals("{\"rule_id\": 3, \"message_id\": \"m_gone\"}", target.value("SELECT metadata #> '{legacy,dangling}' FROM automation_logs WHERE id = 2"));
        assertEquals(1, result.table("automation_logs").dangling());
        assertEquals("\"m_gone\"", target.value("SELECT metadata #> '{legacy,dangling,message_id}' FROM media WHERE id = 1 AND message_id IS NULL"));
        assertEquals(1, result.table("media").dangling());
        assertEquals("flow_id: no flows row 9 (dangling reference)", target.value("SELECT reason FROM import_rejects WHERE source_table = 'flow_nodes' AND source_key = '2'"));
        assertEquals(1, result.table("flow_nodes").rejected());
        assertEquals("n_missing|\"n_missing\"", target.value("SELECT target_node_key || '|' || (metadata #> '{legacy,dangling,target_node_key}') FROM flow_edges WHERE id = 1"));
        assertEquals(1, result.table("flow_edges").dangling());
        assertEquals(1, result.table("flow_edges").rejected());
        assertEquals("4", target.value("SELECT metadata #>> '{legacy,dangling,flow_id}' FROM conversation_sessions WHERE id = 1 AND flow_id IS NULL"));
    }

    @Test
    void everySequenceEndsPastTheImportedIdsAndSqliteSequence() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "sequence")) {
            for (long id = 1; id <= 5; id++) {
                file.insert("automation_rules", "name, trigger_type, response_type", "r" + id, "any", "text");
            }
            file.sql("DELETE FROM automation_rules WHERE id IN (4, 5)"); // sqlite_sequence stays at 5
            file.insert("flows", "id, name", 40L, "f");
        }
        ImportFixture target = new ImportFixture("sequence");
        assertTrue(target.run(dir.resolve("sequence.db")).succeeded(), target.output());
        assertEquals(3, target.count("SELECT max(id) FROM automation_rules"));
        target.sql.execute("INSERT INTO automation_rules (name, trigger_type, response_type) VALUES ('new', 'any', 'text')");
        assertEquals(6, target.count("SELECT max(id) FROM automation_rules"));
        target.sql.execute("INSERT INTO flows (name) VALUES ('new')");
        assertEquals(41, target.count("SELECT max(id) FROM flows"));
    }

    @Test
    void rejectsAreKeptPageByPageWithTheirRawValues() throws Exception {
        int bad = 1203; // more than two pages of rejects
        try (LegacyFile file = LegacyFile.create(dir, "many-rejects")) {
            file.sql("INSERT INTO messages (id, phone, direction, type, content, status, created_at, updated_at) "
                    + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + bad + ") "
                    + "SELECT 'bad_' || i, 'call me ' || i, 'in', 'text', 'hello ' || i, 'received', '2024-11-18 03:20:00', '2024-11-18 03:20:00' FROM n");
            file.message("good_1", "+14155550101", "in", "received", "fine");
        }
        ImportFixture target = new ImportFixture("many_rejects");
        ImportResult result = target.run(dir.resolve("many-rejects.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals(bad, result.table("messages").rejected());
        assertEquals(bad, target.count("SELECT count(DISTINCT source_key) FROM import_rejects WHERE source_table = 'messages' "
                + "AND source_key LIKE 'bad\\_%' AND reason LIKE '%call me%'"));
        assertEquals("call me 777|hello 777", target.value("SELECT (raw_row ->> 'phone') || '|' || (raw_row ->> 'content') "
                + "FROM import_rejects WHERE source_key = 'bad_777'"));
        assertEquals(1, target.count("SELECT count(*) FROM messages"));
    }
}
