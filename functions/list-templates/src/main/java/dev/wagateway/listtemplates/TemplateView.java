package dev.wagateway.listtemplates;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wagateway.shared.template.Template;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

/**
 * A template as the API shows it.
 *
 * @param components         header, body, footer and buttons as Meta gives them; {@code []} when it gave none
 * @param bodyParameterCount how many parameters a send must give the body
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TemplateView(String id, String name, String language, String category, String status,
                           @JsonInclude(JsonInclude.Include.ALWAYS) List<Object> components, int bodyParameterCount, @Nullable Instant updatedAt) {

    static TemplateView of(Template template) {
        return new TemplateView(template.id(), template.name(), template.language(), template.category(),
                template.status(), template.components() == null ? List.of() : template.components(), template.bodyParameterCount(), template.updatedAt());
    }
}
