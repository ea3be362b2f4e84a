package dev.wagateway.automation;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Optional;

/**
 * Flows a message starts by their trigger keyword: the keyword (a word or a phrase) as whole words, case
 * and accents ignored, like a keyword rule. Checked before the rules: a flow's own keyword is the more
 * specific wish. The first flow (by id) whose keyword the message holds starts.
 */
public final class FlowTriggers {

    /** A flow's id and its trigger keyword. */
    public record Trigger(long flowId, String keyword) {
    }

    private FlowTriggers() {
    }

    public static Optional<Trigger> first(@Nullable String text, List<Trigger> triggers) {
        if (text == null) {
            return Optional.empty();
        }
        String framed = Words.framed(Words.of(text));
        return triggers.stream()
                .filter(t -> !Words.of(t.keyword()).isEmpty() && framed.contains(Words.framed(Words.of(t.keyword()))))
                .findFirst();
    }
}
