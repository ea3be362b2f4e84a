package dev.wagateway.shared.contact;

import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * V46's backfill of {@code contacts.last_inbound_at} from the messages already stored: the latest inbound message by
 * any identity of the contact, nothing for one who never wrote, and {@code updated_at} left as it was (the import's row
 * hashes cover it). Runs the migration's own statements again on rows written without the column.
 */
class LastInboundBackfillTest {

    @Test
    void eachContactGetsItsLatestInboundMessageByAnyIdentity() throws IOException {
        Sql sql = new Sql(TestDatabases.instance().create(getClass().getSimpleName()));
        sql.execute("INSERT INTO contacts (id, phone, user_id, updated_at) VALUES "
                + "('contact_both', '+15550100001', 'US.1001', '2025-01-01T00:00:00Z'), "
                + "('contact_silent', '+15550100002', NULL, '2025-01-01T00:00:00Z')");
        sql.execute("INSERT INTO messages (id, phone, user_id, direction, type, status, created_at) VALUES "
                + "('msg_a', '+15550100001', NULL, 'inbound', 'text', 'received', '2026-01-01T10:00:00Z'), "
                + "('msg_b', NULL, 'US.1001', 'inbound', 'text', 'received', '2026-01-02T10:00:00Z'), "
                + "('msg_c', '+15550100001', NULL, 'outbound', 'text', 'sent', '2026-01-03T10:00:00Z'), "
                + "('msg_d', '+15550100002', NULL, 'outbound', 'text', 'sent', '2026-01-03T10:00:00Z')");
        String script;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V46__contact_last_inbound_at.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sql.execute("UPDATE contacts SET last_inbound_at = NULL");
        sql.execute("UPDATE contacts SET updated_at = '2025-01-01T00:00:00Z'");
        sql.execute("SET TimeZone = 'UTC'");
        sql.execute(script.replace("ALTER TABLE contacts ADD COLUMN last_inbound_at timestamptz;", ""));
        assertEquals("2026-01-02 10:00:00+00", sql.queryValue(
                "SELECT last_inbound_at AT TIME ZONE 'UTC' || '+00' FROM contacts WHERE id = 'contact_both'"),
                "the BSUID's message is the latest inbound one; an outbound one does not count");
        assertNull(sql.queryValue("SELECT last_inbound_at FROM contacts WHERE id = 'contact_silent'"));
        assertEquals("2", sql.queryValue("SELECT count(*) FROM contacts WHERE updated_at = '2025-01-01T00:00:00Z'"),
                "updated_at is left as it was");
    }
}
