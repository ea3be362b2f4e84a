package dev.wagateway.automationapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * What a message would trigger and send (nothing is sent, no cooldown or session is changed or read).
 *
 * @param trigger     flow (its trigger keyword), rule, or none
 * @param ruleId      the rule that fires, when one does
 * @param flowId      the flow that starts (by its keyword or the rule), when one does
 * @param matchedText the text that made it fire
 * @param replies     what would be sent, in order
 * @param problem     why the rule or flow could not answer (a flow that cannot run, a flow id that names no active flow)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DryRunResult(String trigger, @Nullable Long ruleId, @Nullable Long flowId, @Nullable String matchedText,
                           List<Reply> replies, @Nullable String problem) {

    /**
     * A reply that would go.
     *
     * @param kind     text or template
     * @param text     the text, with its placeholders filled
     * @param template the template's name (and :language when the rule names one), for a template
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Reply(String kind, @Nullable String text, @Nullable String template) {
    }
}
