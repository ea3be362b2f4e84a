package dev.wagateway.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.io.IOException;
import java.util.Optional;

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

    /**
     * A queue message's body read as an event message: empty when it is not one (not JSON, or no
     * {@code evt_} id), which every consumer reports as failed so that it ends in the dead-letter queue.
     */
    public static Optional<EventMessage> read(JsonMapper json, @Nullable String body) {
        if (body == null) {
            return Optional.empty();
        }
        try {
            EventMessage message = json.readValue(body, EventMessage.class);
            return message == null || message.eventId() == null || !message.eventId().startsWith(OutboxWriter.ID_PREFIX)
                    ? Optional.empty() : Optional.of(message);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
