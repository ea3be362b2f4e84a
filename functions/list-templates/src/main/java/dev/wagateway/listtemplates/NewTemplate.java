package dev.wagateway.listtemplates;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A template to create at Meta, in Meta's shape ({@code POST /{waba-id}/message_templates}); checked
 * against Meta's rules ({@link TemplateRules}) before Meta is called.
 *
 * @param name                 lower-case letters, digits and underscores, at most 512 characters
 * @param language             a language code such as {@code en} or {@code pt_BR}
 * @param category             MARKETING, UTILITY or AUTHENTICATION
 * @param components           HEADER (optional), BODY (required), FOOTER (optional), BUTTONS (optional), as Meta takes them
 * @param parameterFormat      POSITIONAL ({@code {{1}}}, the default) or NAMED ({@code {{first_name}}})
 * @param allowCategoryChange  lets Meta give the template the category it finds right instead of refusing it
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record NewTemplate(
        @Nullable @Schema(example = "order_ready", maxLength = 512, pattern = "^[a-z0-9_]+$") String name,
        @Nullable @Schema(example = "en_US") String language,
        @Nullable @Schema(example = "UTILITY", allowableValues = {"MARKETING", "UTILITY", "AUTHENTICATION"}) String category,
        @Nullable List<Map<String, Object>> components,
        @Nullable @Schema(allowableValues = {"POSITIONAL", "NAMED"}) String parameterFormat,
        @Nullable Boolean allowCategoryChange) {
}
