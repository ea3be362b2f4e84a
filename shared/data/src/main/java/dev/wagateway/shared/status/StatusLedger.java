package dev.wagateway.shared.status;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The status history of messages and the status each message shows, kept with SQL so that
 * redeliveries, concurrent deliveries and statuses that arrive before their message all end the same.
 *
 * <p>Every method runs in the caller's transaction (it must have one). A status for a wamid whose
 * message is not stored yet is kept with {@code message_id} and {@code applied_at} NULL;
 * {@link #applyPending} attaches it when the message appears. Both sides take a transaction lock on
 * the wamid first: without it, a status and its message committed at the same moment could each
 * miss the other, and the status would stay pending for ever.
 */
@Singleton
public class StatusLedger {

    // Advisory lock keys are (LOCK_CLASS, hash of wamid): the two-key space, apart from the one-key
    // locks Flyway takes.
    private static final int LOCK_CLASS = 0x77616D69;

    private static final String ERROR_CODE = "CASE WHEN %1$s.status = 'failed' THEN %1$s.errors->0->>'code' END";
    private static final String ERROR_MESSAGE = "CASE WHEN %1$s.status = 'failed' THEN NULLIF(concat_ws(': ', "
            + "%1$s.errors->0->>'title', coalesce(%1$s.errors->0->'error_data'->>'details', %1$s.errors->0->>'message')), '') END";

    private static final String RECORD = """
            WITH known AS (SELECT id FROM messages WHERE whatsapp_message_id = ?),
            event AS (
                INSERT INTO message_status_events
                    (whatsapp_message_id, message_id, status, occurred_at, recipient_id, errors, payload, applied_at)
                SELECT ?, known.id, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CASE WHEN known.id IS NOT NULL THEN now() END
                FROM (SELECT 1) AS one LEFT JOIN known ON true
                ON CONFLICT ON CONSTRAINT message_status_events_once DO NOTHING
                RETURNING message_id, status, errors),
            moved AS (
                UPDATE messages m SET status = event.status, error_code = %s, error_message = %s
                FROM event
                WHERE m.id = event.message_id AND %s < %s
                RETURNING m.id)
            SELECT (SELECT count(*) FROM event), (SELECT count(message_id) FROM event), (SELECT count(*) FROM moved)
            """.formatted(ERROR_CODE.formatted("event"), ERROR_MESSAGE.formatted("event"),
            MessageStatusOrder.rankSql("m.status"), MessageStatusOrder.rankSql("event.status"));

    private static final String APPLY_PENDING = """
            WITH known AS (SELECT id FROM messages WHERE whatsapp_message_id = ?),
            pending AS (
                UPDATE message_status_events e SET message_id = known.id, applied_at = now()
                FROM known
                WHERE e.whatsapp_message_id = ? AND e.applied_at IS NULL
                RETURNING e.id, e.status, e.errors, e.occurred_at),
            best AS (
                SELECT status, errors FROM pending
                WHERE %1$s IS NOT NULL
                ORDER BY %1$s DESC, occurred_at DESC, id DESC
                LIMIT 1),
            moved AS (
                UPDATE messages m SET status = best.status, error_code = %2$s, error_message = %3$s
                FROM best, known
                WHERE m.id = known.id AND %4$s < %5$s
                RETURNING m.id)
            SELECT (SELECT count(*) FROM pending), (SELECT count(*) FROM moved)
            """.formatted(MessageStatusOrder.rankSql("pending.status"), ERROR_CODE.formatted("best"),
            ERROR_MESSAGE.formatted("best"), MessageStatusOrder.rankSql("m.status"), MessageStatusOrder.rankSql("best.status"));

    private static final String LOCK =
            "SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(w)) FROM unnest(CAST(? AS text[])) AS w";

    private final TransactionOperations<Connection> transactions;

    public StatusLedger(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /**
     * Takes the transaction's lock on each wamid. Call it once, before anything else, with every
     * wamid the transaction will store a message or a status for: taken in one sorted pass, two
     * transactions never wait for each other in opposite orders.
     */
    public void lock(Collection<String> whatsappMessageIds) throws SQLException {
        if (whatsappMessageIds.isEmpty()) {
            return;
        }
        Connection connection = transactions.getConnection();
        String[] sorted = new TreeSet<>(whatsappMessageIds).toArray(String[]::new);
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            statement.setArray(1, connection.createArrayOf("text", sorted));
            try (ResultSet ignored = statement.executeQuery()) {
                // the locks are taken as the rows are produced; there is nothing to read
            }
        }
    }

    /**
     * Keeps one reported status (once per wamid, status and time: a redelivery changes nothing) and,
     * when its message is stored, moves the message's status forward ({@link MessageStatusOrder}).
     * The caller holds the wamid's {@link #lock}.
     */
    public Recorded record(StatusReport report) throws SQLException {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(RECORD)) {
            statement.setString(1, report.whatsappMessageId());
            statement.setString(2, report.whatsappMessageId());
            statement.setString(3, report.status());
            statement.setTimestamp(4, Timestamp.from(report.occurredAt()));
            statement.setString(5, report.recipientId());
            statement.setString(6, report.errorsJson());
            statement.setString(7, report.payloadJson());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new Recorded(result.getInt(1) == 1, result.getInt(2) == 1, result.getInt(3) == 1);
            }
        }
    }

    /**
     * Applies the statuses kept for {@code whatsappMessageId} before its message was stored: call it
     * in the transaction that stores the wamid on a message (an inbound message, or a send once Meta
     * answered with the wamid). Takes the wamid's lock itself.
     *
     * @return how many kept statuses were attached to the message
     */
    public int applyPending(String whatsappMessageId) throws SQLException {
        lock(List.of(whatsappMessageId));
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(APPLY_PENDING)) {
            statement.setString(1, whatsappMessageId);
            statement.setString(2, whatsappMessageId);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /**
     * What {@link #record} did.
     *
     * @param stored       false when the same status had been kept before (a redelivery)
     * @param messageKnown whether the message was stored, so the status was applied to it
     * @param moved        whether the message's status changed
     */
    public record Recorded(boolean stored, boolean messageKnown, boolean moved) {
    }
}
