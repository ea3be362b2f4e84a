package dev.wagateway.shared.template;

import dev.wagateway.shared.id.Ids;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A message template as Meta knows it: unique by name and language among live templates.
 *
 * @param category           {@code MARKETING}, {@code UTILITY} or {@code AUTHENTICATION}, as Meta writes them
 * @param status             Meta's review status ({@code APPROVED}, {@code PENDING}, {@code REJECTED}, ...)
 * @param content            the body text with its {@code {{1}}} placeholders
 * @param components         header, body, footer and buttons as Meta gives them
 * @param bodyParameterCount how many parameters a send must give the body
 */
@MappedEntity("templates")
public record Template(
        @Id String id,
        String name,
        String language,
        String category,
        String status,
        @Nullable String content,
        @TypeDef(type = DataType.JSON) List<Object> components,
        @TypeDef(type = DataType.JSON) List<Object> parameters,
        int bodyParameterCount,
        @Nullable String whatsappTemplateId,
        @TypeDef(type = DataType.JSON) Map<String, Object> metadata,
        // Microseconds, what PostgreSQL keeps: the answer to a write shows what a read will.
        @DateCreated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant updatedAt,
        @Nullable Instant deletedAt) {

    public static Template create(String name, String language, String category, String status, @Nullable String content,
                                  List<Object> components, int bodyParameterCount, @Nullable String whatsappTemplateId) {
        return new Template(Ids.TEMPLATE.next(), name, language, category, status, content, components, List.of(),
                bodyParameterCount, whatsappTemplateId, Map.of(), null, null, null);
    }
}
