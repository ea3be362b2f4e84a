package dev.wagateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * What the test delivery got. A failed test is retried like any delivery.
 *
 * @param delivered whether the subscriber answered 2xx
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TestResult(String eventId, boolean delivered, @Nullable Integer statusCode, long durationMs,
                         @Nullable String error, @Nullable String responseExcerpt) {
}
