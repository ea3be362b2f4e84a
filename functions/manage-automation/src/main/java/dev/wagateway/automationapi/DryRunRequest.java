package dev.wagateway.automationapi;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A message to try against the active flows and rules, without sending anything.
 *
 * @param text         what the customer would write
 * @param firstMessage whether it would be the contact's first message (default false)
 * @param name         the contact's profile name, for the {{name}} placeholder
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DryRunRequest(@NotNull @Size(max = 4096) String text, @Nullable Boolean firstMessage, @Nullable @Size(max = 200) String name) {
}
