package dev.wagateway.webhooks;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;

/**
 * A range of events to send again: created at {@code from} or later, before {@code to} (RFC 3339).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ReplayRequest(@NotNull Instant from, @NotNull Instant to) {
}
