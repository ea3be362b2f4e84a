package dev.wagateway.shared.schema;

import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each CHECK, unique index and foreign key of the migrated schema, refusing and accepting what it must. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaConstraintsTest {

    private static final String CHECK = "23514";
    private static final String UNIQUE = "23505";
    private static final String FOREIGN_KEY = "23503";
    private static final String TOO_LONG = "22001";

    private Sql sql;

    @BeforeAll
    void seed() {
        sql = new Sql(TestDatabases.instance().create("schema"));
        sql.execute("INSERT INTO contacts (id, phone, name) VALUES ('contact_a', '+15550102030', 'Ana')");
        sql.execute("INSERT INTO contacts (id, user_id, parent_user_id) VALUES ('contact_b', 'US.13491208655302741918', 'US.ENT.11815799212886844830')");
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id) "
                + "VALUES ('msg_a', '+15550102030', 'outbound', 'text', 'sent', 'wamid.A')");
        sql.execute("INSERT INTO templates (id, name, language, category, status) VALUES ('tmpl_a', 'welcome', 'en_US', 'UTILITY', 'APPROVED')");
        sql.execute("INSERT INTO api_keys (id, key_hash, name) VALUES ('key_a', 'hash-a', 'ci')");
        sql.execute("INSERT INTO flows (id, name) VALUES (1, 'onboarding')");
        sql.execute("INSERT INTO flow_nodes (flow_id, node_key, type) VALUES (1, 'start', 'message')");
        sql.execute("INSERT INTO automation_rules (id, name, trigger_type, response_type) VALUES (1, 'hi', 'keyword', 'text')");
        sql.execute("INSERT INTO import_runs (id, source_name) VALUES ('imp_a', 'legacy.db')");
        sql.execute("INSERT INTO import_rejects (import_run_id, source_table, source_key, reason, raw_row) "
                + "VALUES ('imp_a', 'contacts', 'c1', 'no phone number', '{}')");
        sql.execute("INSERT INTO legacy_rows (import_run_id, source_table, source_rowid, row_data) VALUES ('imp_a', 'extra', 1, '{}')");
        sql.execute("INSERT INTO message_status_events (whatsapp_message_id, status, occurred_at) VALUES ('wamid.A', 'sent', '2026-01-01T00:00:00Z')");
    }

    private record Case(String name, String sqlState, String statement) {
    }

    @TestFactory
    Stream<DynamicTest> refusals() {
        return Stream.of(
                new Case("contact phone without +", CHECK, "INSERT INTO contacts (id, phone) VALUES ('c1', '15550102030')"),
                new Case("contact phone with spaces", CHECK, "INSERT INTO contacts (id, phone) VALUES ('c1', '+1 555 010 2030')"),
                new Case("contact phone of 16 digits", CHECK, "INSERT INTO contacts (id, phone) VALUES ('c1', '+1234567890123456')"),
                new Case("contact negative message_count", CHECK, "INSERT INTO contacts (id, phone, message_count) VALUES ('c1', '+15550100001', -1)"),
                new Case("contact negative unread_count", CHECK, "INSERT INTO contacts (id, phone, unread_count) VALUES ('c1', '+15550100001', -1)"),
                new Case("contact metadata not an object", CHECK, "INSERT INTO contacts (id, phone, metadata) VALUES ('c1', '+15550100001', '[]')"),
                new Case("contact empty id", CHECK, "INSERT INTO contacts (id, phone) VALUES ('', '+15550100001')"),
                new Case("second live contact for a phone", UNIQUE, "INSERT INTO contacts (id, phone) VALUES ('c1', '+15550102030')"),
                new Case("contact without phone or BSUID", CHECK, "INSERT INTO contacts (id, name) VALUES ('c1', 'nobody')"),
                new Case("contact BSUID without country", CHECK, "INSERT INTO contacts (id, user_id) VALUES ('c1', '13491208655302741918')"),
                new Case("contact BSUID with a lower-case country", CHECK, "INSERT INTO contacts (id, user_id) VALUES ('c1', 'us.1349')"),
                new Case("contact BSUID over 128 characters", CHECK, "INSERT INTO contacts (id, user_id) VALUES ('c1', 'US.' || repeat('1', 129))"),
                new Case("contact parent BSUID as user_id", CHECK, "INSERT INTO contacts (id, user_id) VALUES ('c1', 'US.ENT.1181')"),
                new Case("contact parent BSUID without ENT", CHECK, "INSERT INTO contacts (id, parent_user_id) VALUES ('c1', 'US.1181')"),
                new Case("contact empty username", CHECK, "INSERT INTO contacts (id, user_id, username) VALUES ('c1', 'US.1', '')"),
                new Case("second live contact for a BSUID", UNIQUE, "INSERT INTO contacts (id, user_id) VALUES ('c1', 'US.13491208655302741918')"),
                new Case("second live contact for a parent BSUID", UNIQUE, "INSERT INTO contacts (id, parent_user_id) VALUES ('c1', 'US.ENT.11815799212886844830')"),
                new Case("message without phone or BSUID", CHECK, "INSERT INTO messages (id, direction, type, status) VALUES ('m1', 'inbound', 'text', 'received')"),
                new Case("message BSUID not Meta's form", CHECK, "INSERT INTO messages (id, user_id, direction, type, status) VALUES ('m1', 'US-1', 'inbound', 'text', 'received')"),
                new Case("contact merge into itself", CHECK, "INSERT INTO contact_merges (kept_contact_id, merged_contact_id, merged_contact, identities) VALUES ('contact_a', 'contact_a', '{}', '{}')"),
                new Case("contact merge of a missing contact", FOREIGN_KEY, "INSERT INTO contact_merges (kept_contact_id, merged_contact_id, merged_contact, identities) VALUES ('contact_a', 'contact_missing', '{}', '{}')"),
                new Case("message direction 'in'", CHECK, "INSERT INTO messages (id, phone, direction, type, status) VALUES ('m1', '+15550102030', 'in', 'text', 'sent')"),
                new Case("message type 'gif'", CHECK, "INSERT INTO messages (id, phone, direction, type, status) VALUES ('m1', '+15550102030', 'inbound', 'gif', 'received')"),
                new Case("message status 'DELIVERED'", CHECK, "INSERT INTO messages (id, phone, direction, type, status) VALUES ('m1', '+15550102030', 'outbound', 'text', 'DELIVERED')"),
                new Case("message phone not E.164", CHECK, "INSERT INTO messages (id, phone, direction, type, status) VALUES ('m1', '0044 20 7946 0958', 'outbound', 'text', 'sent')"),
                new Case("message wamid twice", UNIQUE, "INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id) VALUES ('m1', '+15550102030', 'outbound', 'text', 'sent', 'wamid.A')"),
                new Case("message empty wamid", CHECK, "INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id) VALUES ('m1', '+15550102030', 'outbound', 'text', 'sent', '')"),
                new Case("message wamid over 128 characters", TOO_LONG, "INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id) VALUES ('m1', '+15550102030', 'outbound', 'text', 'sent', repeat('w', 129))"),
                new Case("message metadata not an object", CHECK, "INSERT INTO messages (id, phone, direction, type, status, metadata) VALUES ('m1', '+15550102030', 'outbound', 'text', 'sent', '\"x\"')"),
                new Case("status event twice", UNIQUE, "INSERT INTO message_status_events (whatsapp_message_id, status, occurred_at) VALUES ('wamid.A', 'sent', '2026-01-01T00:00:00Z')"),
                new Case("status event of a missing message", FOREIGN_KEY, "INSERT INTO message_status_events (whatsapp_message_id, message_id, status, occurred_at) VALUES ('wamid.B', 'msg_missing', 'sent', now())"),
                new Case("status event status 'Sent'", CHECK, "INSERT INTO message_status_events (whatsapp_message_id, status, occurred_at) VALUES ('wamid.B', 'Sent', now())"),
                new Case("status event errors not an array", CHECK, "INSERT INTO message_status_events (whatsapp_message_id, status, occurred_at, errors) VALUES ('wamid.B', 'failed', now(), '{}')"),
                new Case("template category in lower case", CHECK, "INSERT INTO templates (id, name, language, category, status) VALUES ('t1', 'x', 'en', 'marketing', 'APPROVED')"),
                new Case("template status in lower case", CHECK, "INSERT INTO templates (id, name, language, category, status) VALUES ('t1', 'x', 'en', 'UTILITY', 'approved')"),
                new Case("template language 'english'", CHECK, "INSERT INTO templates (id, name, language, category, status) VALUES ('t1', 'x', 'english', 'UTILITY', 'APPROVED')"),
                new Case("template components not an array", CHECK, "INSERT INTO templates (id, name, language, category, status, components) VALUES ('t1', 'x', 'en', 'UTILITY', 'APPROVED', '{}')"),
                new Case("second live template of a name and language", UNIQUE, "INSERT INTO templates (id, name, language, category, status) VALUES ('t1', 'welcome', 'en_US', 'MARKETING', 'PENDING')"),
                new Case("api key hash algorithm 'md5'", CHECK, "INSERT INTO api_keys (id, key_hash, name, hash_algorithm) VALUES ('k1', 'h1', 'x', 'md5')"),
                new Case("api key rate limit 0", CHECK, "INSERT INTO api_keys (id, key_hash, name, rate_limit) VALUES ('k1', 'h1', 'x', 0)"),
                new Case("api key permissions not an array", CHECK, "INSERT INTO api_keys (id, key_hash, name, permissions) VALUES ('k1', 'h1', 'x', '{}')"),
                new Case("second live api key with a hash", UNIQUE, "INSERT INTO api_keys (id, key_hash, name) VALUES ('k1', 'hash-a', 'x')"),
                new Case("webhook url not http", CHECK, "INSERT INTO webhooks (id, url) VALUES ('w1', 'ftp://example.test')"),
                new Case("webhook events not an array", CHECK, "INSERT INTO webhooks (id, url, events) VALUES ('w1', 'https://example.test', '\"message\"')"),
                new Case("automation rule trigger 'contains'", CHECK, "INSERT INTO automation_rules (name, trigger_type, response_type) VALUES ('x', 'contains', 'text')"),
                new Case("automation rule response 'email'", CHECK, "INSERT INTO automation_rules (name, trigger_type, response_type) VALUES ('x', 'any', 'email')"),
                new Case("automation log of a missing rule", FOREIGN_KEY, "INSERT INTO automation_logs (rule_id, phone) VALUES (999, '+15550102030')"),
                new Case("automation log of a missing message", FOREIGN_KEY, "INSERT INTO automation_logs (phone, message_id) VALUES ('+15550102030', 'msg_missing')"),
                new Case("flow node of a missing flow", FOREIGN_KEY, "INSERT INTO flow_nodes (flow_id, node_key, type) VALUES (999, 'a', 'message')"),
                new Case("flow node key twice in a flow", UNIQUE, "INSERT INTO flow_nodes (flow_id, node_key, type) VALUES (1, 'start', 'end')"),
                new Case("flow node type 'start'", CHECK, "INSERT INTO flow_nodes (flow_id, node_key, type) VALUES (1, 'b', 'start')"),
                new Case("flow node config not an object", CHECK, "INSERT INTO flow_nodes (flow_id, node_key, type, config) VALUES (1, 'b', 'end', '[]')"),
                new Case("flow edge of a missing flow", FOREIGN_KEY, "INSERT INTO flow_edges (flow_id, source_node_key, target_node_key) VALUES (999, 'a', 'b')"),
                new Case("session status 'done'", CHECK, "INSERT INTO conversation_sessions (phone, status) VALUES ('+15550102030', 'done')"),
                new Case("session of a missing flow", FOREIGN_KEY, "INSERT INTO conversation_sessions (phone, flow_id) VALUES ('+15550102030', 999)"),
                new Case("media of a missing message", FOREIGN_KEY, "INSERT INTO media (message_id) VALUES ('msg_missing')"),
                new Case("media negative size", CHECK, "INSERT INTO media (file_size) VALUES (-1)"),
                new Case("import run status 'done'", CHECK, "INSERT INTO import_runs (id, source_name, status) VALUES ('i1', 'x', 'done')"),
                new Case("import run completed without finished_at", CHECK, "INSERT INTO import_runs (id, source_name, status) VALUES ('i1', 'x', 'completed')"),
                new Case("reject of a missing run", FOREIGN_KEY, "INSERT INTO import_rejects (import_run_id, source_table, source_key, reason, raw_row) VALUES ('imp_missing', 't', 'k', 'r', '{}')"),
                new Case("reject of a row twice", UNIQUE, "INSERT INTO import_rejects (import_run_id, source_table, source_key, reason, raw_row) VALUES ('imp_a', 'contacts', 'c1', 'again', '{}')"),
                new Case("reject without reason", CHECK, "INSERT INTO import_rejects (import_run_id, source_table, source_key, reason, raw_row) VALUES ('imp_a', 'contacts', 'c2', '', '{}')"),
                new Case("carried legacy row twice", UNIQUE, "INSERT INTO legacy_rows (import_run_id, source_table, source_rowid, row_data) VALUES ('imp_a', 'extra', 1, '{}')")
        ).map(c -> DynamicTest.dynamicTest(c.name(), () -> sql.assertRefused(c.sqlState(), c.statement())));
    }

    @TestFactory
    Stream<DynamicTest> acceptances() {
        return Stream.of(
                new Case("shortest E.164 numbers", null, "INSERT INTO contacts (id, phone) VALUES ('c-short', '+6831234')"),
                new Case("contact known only by a BSUID of 128 characters", null, "INSERT INTO contacts (id, user_id, username) VALUES ('c-bsuid', 'BR.' || repeat('a1', 64), 'maria.lopez')"),
                new Case("contact known only by a parent BSUID", null, "INSERT INTO contacts (id, parent_user_id) VALUES ('c-parent', 'BR.ENT.1502576394655843')"),
                new Case("message from a user known only by a BSUID", null, "INSERT INTO messages (id, user_id, direction, type, status) VALUES ('m-bsuid', 'US.13491208655302741918', 'inbound', 'text', 'received')"),
                new Case("messages without wamid, twice", null, "INSERT INTO messages (id, phone, direction, type, status) VALUES ('m-n1', '+15550102030', 'outbound', 'text', 'accepted'), ('m-n2', '+15550102030', 'outbound', 'text', 'accepted')"),
                new Case("every message type", null, "INSERT INTO messages (id, phone, direction, type, status) SELECT 'm-' || t, '+15550102030', 'inbound', t, 'received' FROM unnest(ARRAY['text','template','image','document','audio','video','sticker','location','contacts','interactive','button','reaction','order','system','unsupported']) t"),
                new Case("status event before its message", null, "INSERT INTO message_status_events (whatsapp_message_id, status, occurred_at) VALUES ('wamid.unknown', 'delivered', now())"),
                new Case("same template name in another language", null, "INSERT INTO templates (id, name, language, category, status) VALUES ('t-pt', 'welcome', 'pt_BR', 'UTILITY', 'APPROVED')"),
                new Case("every Meta template status", null, "INSERT INTO templates (id, name, language, category, status) SELECT 't-' || s, 'n-' || s, 'en', 'MARKETING', s FROM unnest(ARRAY['APPROVED','PENDING','REJECTED','PAUSED','DISABLED','IN_APPEAL','PENDING_DELETION','DELETED','LIMIT_EXCEEDED']) s"),
                new Case("legacy integer ids kept", null, "INSERT INTO automation_rules (id, name, trigger_type, response_type) VALUES (500, 'imported', 'regex', 'flow')"),
                new Case("automation log without a rule", null, "INSERT INTO automation_logs (phone) VALUES ('+15550102030')"),
                new Case("edge between keys that are not nodes", null, "INSERT INTO flow_edges (flow_id, source_node_key, target_node_key) VALUES (1, 'start', 'gone')"),
                new Case("inline media bytes", null, "INSERT INTO media (message_id, data) VALUES ('msg_a', '\\x00ff'::bytea)")
        ).map(c -> DynamicTest.dynamicTest(c.name(), () -> sql.execute(c.statement())));
    }

    @Test
    void aSoftDeletedContactFreesItsPhone() {
        sql.execute("INSERT INTO contacts (id, phone) VALUES ('c-old', '+447700900123')");
        sql.assertRefused(UNIQUE, "INSERT INTO contacts (id, phone) VALUES ('c-new', '+447700900123')");
        sql.execute("UPDATE contacts SET deleted_at = now() WHERE id = 'c-old'");
        sql.execute("INSERT INTO contacts (id, phone) VALUES ('c-new', '+447700900123')");
        sql.execute("UPDATE contacts SET deleted_at = now() WHERE id = 'c-new'");
        sql.execute("INSERT INTO contacts (id, phone) VALUES ('c-newest', '+447700900123')");
        assertEquals("3", sql.queryValue("SELECT count(*) FROM contacts WHERE phone = '+447700900123'"));
    }

    @Test
    void aSoftDeletedTemplateOrKeyFreesItsName() {
        sql.execute("INSERT INTO templates (id, name, language, category, status) VALUES ('t-old', 'promo', 'es', 'MARKETING', 'APPROVED')");
        sql.execute("UPDATE templates SET deleted_at = now() WHERE id = 't-old'");
        sql.execute("INSERT INTO templates (id, name, language, category, status) VALUES ('t-new', 'promo', 'es', 'MARKETING', 'PENDING')");
        sql.execute("INSERT INTO api_keys (id, key_hash, name) VALUES ('k-old', 'hash-x', 'old')");
        sql.execute("UPDATE api_keys SET deleted_at = now() WHERE id = 'k-old'");
        sql.execute("INSERT INTO api_keys (id, key_hash, name) VALUES ('k-new', 'hash-x', 'new')");
    }

    @Test
    void updatedAtMovesOnUpdateUnlessTheUpdateSetsIt() {
        for (String table : List.of("contacts", "messages", "templates", "api_keys")) {
            String id = table.equals("contacts") ? "contact_a" : table.equals("messages") ? "msg_a"
                    : table.equals("templates") ? "tmpl_a" : "key_a";
            sql.execute("UPDATE " + table + " SET updated_at = '2020-01-01T00:00:00Z' WHERE id = '" + id + "'");
            assertEquals("2020-01-01 00:00:00+00", sql.queryValue("SELECT updated_at FROM " + table + " WHERE id = '" + id + "'"),
                    table + ": an explicit updated_at is kept");
            sql.execute("UPDATE " + table + " SET metadata = '{\"touched\": true}' WHERE id = '" + id + "'");
            assertEquals("t", sql.queryValue("SELECT updated_at > now() - interval '1 minute' FROM " + table + " WHERE id = '" + id + "'"),
                    table + ": updated_at moved to now");
        }
        String before = sql.queryValue("SELECT updated_at FROM flows WHERE id = 1");
        sql.execute("UPDATE flows SET name = 'renamed' WHERE id = 1");
        assertNotEquals(before, sql.queryValue("SELECT updated_at FROM flows WHERE id = 1"));
    }

    @Test
    void deletingAFlowTakesItsNodesAndEdgesAndReleasesItsSessions() {
        sql.execute("INSERT INTO flows (id, name) VALUES (2, 'doomed')");
        sql.execute("INSERT INTO flow_nodes (flow_id, node_key, type) VALUES (2, 'a', 'message')");
        sql.execute("INSERT INTO flow_edges (flow_id, source_node_key, target_node_key) VALUES (2, 'a', 'a')");
        sql.execute("INSERT INTO conversation_sessions (id, phone, flow_id) VALUES (77, '+15550102030', 2)");
        sql.execute("DELETE FROM flows WHERE id = 2");
        assertEquals("0", sql.queryValue("SELECT count(*) FROM flow_nodes WHERE flow_id = 2"));
        assertEquals("0", sql.queryValue("SELECT count(*) FROM flow_edges WHERE flow_id = 2"));
        assertNull(sql.queryValue("SELECT flow_id FROM conversation_sessions WHERE id = 77"));
    }

    @Test
    void fullTextSearchFindsMessagesByAnyWordAlsoNonAscii() {
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, content) VALUES "
                + "('m-fts1', '+15550102030', 'inbound', 'text', 'received', 'Olá! A encomenda chegou às três horas'), "
                + "('m-fts2', '+15550102030', 'inbound', 'text', 'received', 'Die Straße ist gesperrt 🚧'), "
                + "('m-fts3', '+15550102030', 'inbound', 'text', 'received', 'Order shipped')");
        String search = "SELECT string_agg(id, ',' ORDER BY id) FROM messages WHERE "
                + "to_tsvector('simple', coalesce(content, '') || ' ' || coalesce(caption, '')) @@ plainto_tsquery('simple', '%s')";
        assertEquals("m-fts1", sql.queryValue(search.formatted("encomenda")));
        assertEquals("m-fts1", sql.queryValue(search.formatted("três")));
        assertEquals("m-fts2", sql.queryValue(search.formatted("straße")));
        assertEquals("m-fts3", sql.queryValue(search.formatted("SHIPPED")));
        assertNull(sql.queryValue(search.formatted("parcel")));
    }
}
