package dev.wagateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wagateway.delivery.Deliveries;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * One attempt to deliver an event to a subscription.
 *
 * @param attempt         1 for the first try of this delivery, then 2, 3 ...
 * @param statusCode      the subscriber's HTTP status; null when there was no answer
 * @param durationMs      from sending to the end of the answer (or the error)
 * @param error           why there was no answer (timeout, connection refused, refused address ...)
 * @param responseExcerpt the first 1 KB of the answer's body
 * @param deliveryState   the delivery now: {@code pending} (a retry is due), {@code delivered}, {@code dead}
 *                        (every retry failed; replayable) or {@code cancelled} (the subscription went away)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AttemptView(String eventId, int attempt, Instant attemptedAt, @Nullable Integer statusCode, long durationMs,
                          @Nullable String error, @Nullable String responseExcerpt, String deliveryState) {

    static AttemptView of(Deliveries.Attempt a) {
        return new AttemptView(a.eventId(), a.attempt(), a.attemptedAt(), a.statusCode(), a.durationMs(), a.error(),
                a.responseExcerpt(), a.deliveryState());
    }
}
