package dev.wagateway.shared.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A status Meta reported for a message (sent, delivered, read, failed, ...), kept even when the
 * message is not known yet ({@code messageId} null) so it can be applied when it appears.
 */
@MappedEntity("message_status_events")
public record MessageStatusEvent(
        @Id @GeneratedValue @Nullable Long id,
        String whatsappMessageId,
        @Nullable String messageId,
        String status,
        Instant occurredAt,
        @Nullable String recipientId,
        @TypeDef(type = DataType.JSON) @Nullable List<Object> errors,
        @TypeDef(type = DataType.JSON) Map<String, Object> payload,
        @Nullable Instant appliedAt,
        // Microseconds, what PostgreSQL keeps: the answer to a write shows what a read will.
        @DateCreated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant updatedAt) {
}
