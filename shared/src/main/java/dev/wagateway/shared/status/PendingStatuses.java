package dev.wagateway.shared.status;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;

/**
 * Applies the statuses Meta reported for a wamid before a send had stored it (a webhook can beat
 * the send's own bookkeeping). The message takes the highest of its status and theirs in the order
 * {@code accepted < sent < failed < delivered < read}, so arrival order does not matter; every kept
 * status is attached to the message and marked applied.
 *
 * <p>Call it in the transaction that stores the wamid on the message. It takes a transaction lock
 * on the wamid first (the same key the webhook's status writer takes), so a status committed at the
 * same moment is either seen here or sees the stored wamid, never neither.
 */
@Singleton
public class PendingStatuses {

    private static final String RANK = "(CASE %s WHEN 'accepted' THEN 0 WHEN 'sent' THEN 1 WHEN 'failed' THEN 2 "
            + "WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 END)";
    // (class, hashtext(wamid)): the lock space of the webhook's status writer.
    private static final String LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(2002873705, hashtext(?))) AS locked";
    private static final String APPLY = """
            WITH pending AS (
                UPDATE message_status_events e SET message_id = ?, applied_at = now()
                WHERE e.whatsapp_message_id = ? AND e.applied_at IS NULL
                RETURNING e.id, e.status, e.errors, e.occurred_at),
            best AS (
                SELECT status, errors FROM pending
                WHERE %1$s IS NOT NULL
                ORDER BY %1$s DESC, occurred_at DESC, id DESC
                LIMIT 1),
            moved AS (
                UPDATE messages m SET status = best.status,
                    error_code = CASE WHEN best.status = 'failed' THEN best.errors->0->>'code' ELSE m.error_code END,
                    error_message = CASE WHEN best.status = 'failed'
                        THEN coalesce(best.errors->0->'error_data'->>'details', best.errors->0->>'title') ELSE m.error_message END
                FROM best
                WHERE m.id = ? AND %2$s < %3$s
                RETURNING m.id)
            SELECT (SELECT count(*) FROM pending), (SELECT count(*) FROM moved)
            """.formatted(RANK.formatted("pending.status"), RANK.formatted("m.status"), RANK.formatted("best.status"));

    private final JdbcOperations jdbc;

    public PendingStatuses(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Attaches the kept statuses of {@code whatsappMessageId} to message {@code messageId}; answers how many. */
    public int apply(String messageId, String whatsappMessageId) {
        return jdbc.prepareStatement(LOCK, lock -> {
            lock.setString(1, whatsappMessageId);
            try (ResultSet ignored = lock.executeQuery()) {
                return jdbc.prepareStatement(APPLY, statement -> {
                    statement.setString(1, messageId);
                    statement.setString(2, whatsappMessageId);
                    statement.setString(3, messageId);
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        return result.getInt(1);
                    }
                });
            }
        });
    }
}
