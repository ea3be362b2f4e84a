package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;

/** An {@code automation_rules} row. */
public record AutomationRule(long id, String name, String triggerType, @Nullable String triggerValue, String responseType,
                             @Nullable String responseValue, boolean active, int priority, Map<String, Object> metadata,
                             Instant createdAt, Instant updatedAt) {
}
