package dev.wagateway.automationapi;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A rule to save.
 *
 * @param name          what the team calls it
 * @param triggerType   keyword (comma-separated words or phrases, whole words, case and accents ignored), regex (an RE2
 *                      pattern found anywhere in the text), first_message (a contact's first message) or any
 * @param triggerValue  the keywords or the pattern
 * @param responseType  text, template or flow
 * @param responseValue the text (placeholders {{name}}, {{phone}}, {{text}}); the template (its name, name:language, or
 *                      a JSON object {name, language, parameters}); or the id of the flow to start
 * @param active        whether it runs (default true)
 * @param priority      higher first (default 0); rules of one priority in the order they were made
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RuleRequest(@NotBlank @Size(max = 200) String name,
                          @NotNull @Pattern(regexp = "keyword|regex|first_message|any") String triggerType,
                          @Nullable @Size(max = 2000) String triggerValue,
                          @NotNull @Pattern(regexp = "text|template|flow") String responseType,
                          @Nullable @Size(max = 4096) String responseValue,
                          @Nullable Boolean active,
                          @Nullable @Min(-1000000) @Max(1000000) Integer priority) {
}
