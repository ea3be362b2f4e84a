package dev.wagateway.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The body of a message on the event queue: an event to fan out to its subscriptions, or (with
 * {@code webhookId}) one delivery of it to attempt again. Only ids travel: the event itself is read
 * from PostgreSQL, so a copy of the message changes nothing.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMessage(String eventId, @Nullable String webhookId) {

    public static EventMessage fanOut(String eventId) {
        return new EventMessage(eventId, null);
    }

    public static EventMessage retry(String eventId, String webhookId) {
        return new EventMessage(eventId, webhookId);
    }
}
