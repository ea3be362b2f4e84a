package dev.wagateway.shared.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One status of a message's history ({@code message_status_events}) as Meta reported it: read only, written by
 * {@link MessageWriter}.
 *
 * @param errors       Meta's {@code errors} array (code, title, message, error_data.details, href), when it had one
 * @param pricing      Meta's {@code pricing} object (billable, category, pricing_model, type), when it had one
 * @param conversation Meta's {@code conversation} object (id, expiration_timestamp, origin.type), when it had one
 */
@MappedEntity("message_status_events")
public record StatusHistoryEntry(@Id Long id,
                                 String status,
                                 Instant occurredAt,
                                 @Nullable @TypeDef(type = DataType.JSON) List<Object> errors,
                                 @Nullable @TypeDef(type = DataType.JSON) Map<String, Object> pricing,
                                 @Nullable @TypeDef(type = DataType.JSON) Map<String, Object> conversation) {
}
