package dev.wagateway.shared.message;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MessageStatusEventRepository extends CrudRepository<MessageStatusEvent, Long> {

    /** The history of one message, in the order Meta says things happened. */
    @Query("SELECT * FROM message_status_events WHERE whatsapp_message_id = :whatsappMessageId ORDER BY occurred_at, id")
    List<MessageStatusEvent> findHistory(String whatsappMessageId);

    /** Statuses that arrived before their message was known, oldest first. */
    @Query("""
            SELECT * FROM message_status_events
            WHERE whatsapp_message_id = :whatsappMessageId AND applied_at IS NULL
            ORDER BY occurred_at, id""")
    List<MessageStatusEvent> findUnapplied(String whatsappMessageId);
}
