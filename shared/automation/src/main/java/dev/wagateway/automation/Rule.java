package dev.wagateway.automation;

import io.micronaut.core.annotation.Nullable;

/**
 * An active rule as the engine reads it (an {@code automation_rules} row).
 *
 * @param priority higher first; rules of one priority in the order of their ids
 */
public record Rule(long id, String name, TriggerType trigger, @Nullable String triggerValue, ResponseType response,
                   @Nullable String responseValue, int priority) {
}
