package dev.wagateway.listtemplates;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * What a delete did: Meta deleted {@code name} (every language, or {@code language}'s only), and these stored
 * templates are marked deleted ({@code []} when none was stored).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TemplateDeletion(String name, @Nullable String language,
                               @JsonInclude(JsonInclude.Include.ALWAYS) List<TemplateView> deleted) {
}
