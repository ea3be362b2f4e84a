package dev.wagateway.automationapi;

import dev.wagateway.automation.RuleSet;
import dev.wagateway.automation.TriggerType;
import dev.wagateway.shared.automation.AutomationRule;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * A rule.
 *
 * @param problem why it cannot run (an imported pattern RE2 refuses, a keyword rule without a word), else null
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RuleView(long id, String name, String triggerType, @Nullable String triggerValue, String responseType,
                       @Nullable String responseValue, boolean active, int priority, @Nullable String problem,
                       Instant createdAt, Instant updatedAt) {

    static RuleView of(AutomationRule rule) {
        String problem = TriggerType.of(rule.triggerType()).flatMap(t -> RuleSet.problem(t, rule.triggerValue())).orElse(null);
        return new RuleView(rule.id(), rule.name(), rule.triggerType(), rule.triggerValue(), rule.responseType(), rule.responseValue(),
                rule.active(), rule.priority(), problem, rule.createdAt(), rule.updatedAt());
    }
}
