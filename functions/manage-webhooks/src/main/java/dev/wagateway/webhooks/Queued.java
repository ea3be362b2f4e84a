package dev.wagateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * Deliveries queued again, each with a fresh retry schedule.
 *
 * @param queued      how many deliveries
 * @param lastEventId when a replay range held more events than one request replays (10,000): the last one
 *                    replayed; replay again from its time
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Queued(int queued, @Nullable String lastEventId) {
}
