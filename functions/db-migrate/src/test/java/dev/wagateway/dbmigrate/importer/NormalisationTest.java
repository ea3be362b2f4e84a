package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each normalisation rule on a hand-made file: the stored values, not only that the import ran. */
class NormalisationTest {

    @TempDir
    Path dir;

    @Test
    void timestampsInEveryLegacyFormAreOneInstant() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "timestamps")) {
            String[] forms = {"2024-11-18 03:20:00", "2024-11-18T03:20:00Z", "2024-11-18T00:20:00.000-03:00",
                    "2024-11-18 03:20:00.000000"};
            for (int i = 0; i < forms.length; i++) {
                file.insert("contacts", "id, phone, last_message_at, created_at, updated_at", "c" + i, "+1415555010" + i,
                        forms[i], "2024-01-01 00:00:00", "2024-01-01 00:00:00");
            }
            file.insert("contacts", "id, phone, last_message_at, created_at, updated_at", "c_sec", "+14155550110", 1731900000L, "2024-01-01 00:00:00", "2024-01-01 00:00:00");
            file.insert("contacts", "id, phone, last_message_at, created_at, updated_at", "c_ms", "+14155550111", 1731900000000L, "2024-01-01 00:00:00", "2024-01-01 00:00:00");
            file.insert("contacts", "id, phone, last_message_at, created_at, updated_at", "c_empty", "+14155550112", "", "2024-01-01 00:00:00", "2024-01-01 00:00:00");
            file.insert("contacts", "id, phone, last_message_at, created_at, updated_at", "c_bad", "+14155550113", "2024-02-30 10:00:00", "", "2024-03-01 00:00:00");
        }
        ImportFixture target = new ImportFixture("timestamps");
        ImportResult result = target.run(dir.resolve("timestamps.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals(6, target.count("SELECT count(*) FROM contacts WHERE last_message_at = '2024-11-18T03:20:00Z'"));
        assertNull(target.value("SELECT last_message_at FROM contacts WHERE id = 'c_empty'"));
        assertEquals("\"\"", target.value("SELECT metadata -> 'legacy' -> 'invalid' -> 'last_message_at' FROM contacts WHERE id = 'c_empty'"));
        assertNull(target.value("SELECT last_message_at FROM contacts WHERE id = 'c_bad'"));
        assertEquals("\"2024-02-30 10:00:00\"", target.value("SELECT metadata #> '{legacy,invalid,last_message_at}' FROM contacts WHERE id = 'c_bad'"));
        // created_at is NOT NULL: the row's other time stands in, the original is kept.
        assertEquals("t", target.value("SELECT created_at = '2024-03-01T00:00:00Z' FROM contacts WHERE id = 'c_bad'"));
        assertEquals("\"\"", target.value("SELECT metadata #> '{legacy,invalid,created_at}' FROM contacts WHERE id = 'c_bad'"));
    }

    @Test
    void booleansJsonPhonesAndEnumsInTheirLegacySpellings() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "spellings")) {
            Object[][] booleans = {{1L, true}, {0L, false}, {"true", true}, {"false", false}, {"t", true}, {"f", false}, {"yes", true}, {"no", false}};
            for (int i = 0; i < booleans.length; i++) {
                file.insert("contacts", "id, phone, is_blocked, metadata", "b" + i, "+4420794609" + (50 + i), booleans[i][0], "{\"vip\": true}");
            }
            file.insert("contacts", "id, phone, is_blocked", "b_odd", "+442079460970", "maybe");
            file.insert("contacts", "id, phone, metadata", "j_broken", "+442079460971", "{\"broken\": ");
            file.insert("contacts", "id, phone, metadata", "j_array", "+442079460972", "[1,2]");
            file.insert("contacts", "id, phone", "p_spaces", "+1 (415) 555-0199");
            file.insert("contacts", "id, phone", "p_00", "0044 20 7946 0958");
            file.insert("contacts", "id, phone", "p_digits", "5511987654321");
            file.insert("contacts", "id, phone", "p_none", "n/a");
            file.insert("webhooks", "id, url, events", "wh_list", "https://crm.example.com/h", "message,status");
            file.insert("webhooks", "id, url, events", "wh_json", "https://crm.example.com/j", "[\"message\"]");
            file.insert("templates", "id, name, language, category, status, content, parameters", "t1", "order_update", "en-us",
                    "utility", "Approved", "Hi {{1}}, order {{2}} and {{1}}", "");
            file.insert("templates", "id, name, language, category, status, content", "t2", "weird", "en_US", "MARKETING", "on fire", "x");
            file.message("m_in", "+14155550100", "in", "received", "a");
            file.message("m_out", "+14155550100", "Outbound", "DELIVERED", "b");
            file.message("m_read", "+14155550100", "out", "Read", "c");
            file.message("m_odd", "+14155550100", "sideways", "sent", "d");
        }
        ImportFixture target = new ImportFixture("spellings");
        ImportResult result = target.run(dir.resolve("spellings.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals(4, target.count("SELECT count(*) FROM contacts WHERE id LIKE 'b_' AND is_blocked AND id IN ('b0','b2','b4','b6')"));
        assertEquals(4, target.count("SELECT count(*) FROM contacts WHERE id IN ('b1','b3','b5','b7') AND NOT is_blocked"));
        assertEquals("true", target.value("SELECT metadata ->> 'vip' FROM contacts WHERE id = 'b0'"));
        assertEquals("is_blocked: not a boolean: 'maybe'", target.value("SELECT reason FROM import_rejects WHERE source_key = 'b_odd'"));
        assertEquals("{\"broken\": ", target.value("SELECT metadata #>> '{legacy,not_json,metadata}' FROM contacts WHERE id = 'j_broken'"));
        assertEquals("[1, 2]", target.value("SELECT metadata #>> '{legacy,invalid,metadata}' FROM contacts WHERE id = 'j_array'"));
        assertEquals("+14155550199", target.value("SELECT phone FROM contacts WHERE id = 'p_spaces'"));
        assertEquals("+1 (415) 555-0199", target.value("SELECT metadata #>> '{legacy,original,phone}' FROM contacts WHERE id = 'p_spaces'"));
        assertEquals("+442079460958", target.value("SELECT phone FROM contacts WHERE id = 'p_00'"));
        assertEquals("+5511987654321", target.value("SELECT phone FROM contacts WHERE id = 'p_digits'"));
        assertEquals("phone: no phone number: 'n/a'", target.value("SELECT reason FROM import_rejects WHERE source_key = 'p_none'"));
        assertEquals("[\"message\", \"status\"]", target.value("SELECT events FROM webhooks WHERE id = 'wh_list'"));
        assertEquals("[\"message\"]", target.value("SELECT events FROM webhooks WHERE id = 'wh_json'"));
        assertEquals("en_US|UTILITY|APPROVED|2|[]", target.value(
                "SELECT language || '|' || category || '|' || status || '|' || body_parameter_count || '|' || parameters FROM templates WHERE id = 't1'"));
        assertEquals("status: unknown value 'on fire'", target.value("SELECT reason FROM import_rejects WHERE source_key = 't2'"));
        assertEquals("inbound|received", target.value("SELECT direction || '|' || status FROM messages WHERE id = 'm_in'"));
        assertEquals("outbound|delivered", target.value("SELECT direction || '|' || status FROM messages WHERE id = 'm_out'"));
        assertEquals("outbound|read", target.value("SELECT direction || '|' || status FROM messages WHERE id = 'm_read'"));
        assertEquals("direction: unknown value 'sideways'", target.value("SELECT reason FROM import_rejects WHERE source_key = 'm_odd'"));
        assertEquals("\"sideways\"", target.value("SELECT raw_row -> 'direction' FROM import_rejects WHERE source_key = 'm_odd'"));
        TableReport contacts = result.table("contacts");
        assertEquals(15, contacts.source());
        assertEquals(13, contacts.imported());
        assertEquals(2, contacts.rejected());
        assertEquals(3, result.table("messages").imported());
        assertEquals(1, result.table("messages").rejected());
    }

    @Test
    void nulAndInvalidUtf8KeepTheRestOfTheTextAndTheOriginalBytes() throws Exception {
        byte[] invalid = {'c', 'a', 'f', (byte) 0xC3, '(', ' ', 'o', 'k'};
        try (LegacyFile file = LegacyFile.create(dir, "text")) {
            file.message("m_nul", "+14155550100", "inbound", "received", "hello\u0000trailing 👍");
            file.message("m_utf", "+14155550100", "inbound", "received", "placeholder");
            file.sql("UPDATE messages SET content = CAST(X'" + java.util.HexFormat.of().formatHex(invalid) + "' AS TEXT) WHERE id = 'm_utf'");
            file.insert("media", "id, message_id, data", 7L, "m_nul", new byte[] {0, 1, 2, (byte) 255});
            file.insert("media", "id, message_id, file_size", 8L, "m_nul", -5L);
        }
        ImportFixture target = new ImportFixture("text");
        ImportResult result = target.run(dir.resolve("text.db"));
        assertTrue(result.succeeded(), target.output());
        assertEquals("hello\uFFFDtrailing 👍", target.value("SELECT content FROM messages WHERE id = 'm_nul'"));
        String nulOriginal = target.value("SELECT metadata #>> '{legacy,original_base64,content}' FROM messages WHERE id = 'm_nul'");
        assertEquals("hello\u0000trailing 👍", new String(Base64.getDecoder().decode(nulOriginal), StandardCharsets.UTF_8));
        String utf = target.value("SELECT content FROM messages WHERE id = 'm_utf'");
        assertTrue(utf.startsWith("caf") && utf.endsWith("( ok") && utf.contains("\uFFFD"), utf);
        String utfOriginal = target.value("SELECT metadata #>> '{legacy,original_base64,content}' FROM messages WHERE id = 'm_utf'");
        assertEquals(java.util.HexFormat.of().formatHex(invalid), java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(utfOriginal)));
        assertEquals("\\x000102ff", target.value("SELECT data FROM media WHERE id = 7"));
        assertEquals("file_size: must be at least 0, was -5", target.value("SELECT reason FROM import_rejects WHERE source_key = '8'"));
    }
}
