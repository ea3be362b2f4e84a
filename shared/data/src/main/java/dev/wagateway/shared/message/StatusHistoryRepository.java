package dev.wagateway.shared.message;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

/** Reads of a message's status history; {@link MessageWriter} writes it. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StatusHistoryRepository extends GenericRepository<StatusHistoryEntry, Long> {

    /**
     * The statuses of one message, oldest first (at most {@code limit}). Pricing from before V50 is read from the
     * kept payload, where the status had it.
     */
    @Query("""
            SELECT id, status, occurred_at, errors,
                   coalesce(pricing, CASE WHEN jsonb_typeof(payload->'pricing') = 'object' THEN payload->'pricing' END) AS pricing,
                   CASE WHEN jsonb_typeof(payload->'conversation') = 'object' THEN payload->'conversation' END AS conversation
            FROM message_status_events
            WHERE message_id = :messageId
            ORDER BY occurred_at, id
            LIMIT :limit""")
    List<StatusHistoryEntry> findByMessageId(String messageId, int limit);
}
