package dev.wagateway.shared.status;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.message.MessageWriter;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusHistoryTest implements FreshDatabase {

    @Inject
    MessageWriter ledger;

    @Inject
    TransactionOperations<Connection> transactions;

    private Sql sql;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
    }

    @Test
    void aKnownMessageMovesOnlyForwardAndARepeatIsNotStoredTwice() {
        message("msg_l1", "wamid.l1");
        record("wamid.l1", "read", 30, null);
        assertEquals("1", applied("msg_l1"), "stored, and applied to its known message");
        assertEquals("read", sql.queryValue("SELECT status FROM messages WHERE id = 'msg_l1'"), "moved");
        record("wamid.l1", "sent", 10, null);
        assertEquals("2", applied("msg_l1"));
        assertEquals("read", sql.queryValue("SELECT status FROM messages WHERE id = 'msg_l1'"), "a late sent does not move it back");
        record("wamid.l1", "read", 30, null);
        assertEquals("2", applied("msg_l1"), "the same status at the same time is kept once");
        assertEquals("read", sql.queryValue("SELECT status FROM messages WHERE id = 'msg_l1'"));
    }

    @Test
    void aStatusForAnUnknownWamidWaitsAndIsAppliedWhenItsMessageIsStored() {
        record("wamid.l2", "failed", 20, "[{\"code\":131026,\"title\":\"Message undeliverable\"}]");
        assertEquals("1", sql.queryValue("SELECT count(*) FROM message_status_events WHERE whatsapp_message_id = 'wamid.l2' "
                + "AND message_id IS NULL AND applied_at IS NULL"), "stored, waiting for its message");
        record("wamid.l2", "sent", 10, null);
        assertEquals("2", sql.queryValue("SELECT count(*) FROM message_status_events WHERE whatsapp_message_id = 'wamid.l2' AND applied_at IS NULL"));

        int applied = transactions.executeWrite(status -> {
            message("msg_l2", "wamid.l2");
            return ledger.applyPending("wamid.l2");
        });
        assertEquals(2, applied);
        assertEquals("failed|131026|Message undeliverable",
                sql.queryValue("SELECT status || '|' || error_code || '|' || error_message FROM messages WHERE id = 'msg_l2'"));
        int again = transactions.executeWrite(status -> ledger.applyPending("wamid.l2"));
        assertEquals(0, again, "nothing is applied twice");
    }

    private String applied(String messageId) {
        return sql.queryValue("SELECT count(*) FROM message_status_events WHERE message_id = '" + messageId + "' AND applied_at IS NOT NULL");
    }

    private void record(String wamid, String status, long second, String errors) {
        transactions.executeWrite(tx -> {
            ledger.lock(List.of(wamid));
            ledger.record(new StatusReport(wamid, status, Instant.ofEpochSecond(1_763_793_600L + second), "16505551234", null,
                    errors, "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\"}"), null, null);
            return null;
        });
    }

    private void message(String id, String wamid) {
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id) VALUES ('" + id
                + "', '+16505551234', 'outbound', 'text', 'accepted', '" + wamid + "')");
    }
}
