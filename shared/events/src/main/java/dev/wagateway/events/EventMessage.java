package dev.wagateway.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of a message on the event queue: an event to fan out to its subscriptions, or (with
 * {@code webhookId}) one delivery of it to attempt again. Only ids travel: the event itself is read
 * from PostgreSQL, so a copy of the message changes nothing.
 *
 * <p>On the event queue itself several fan-outs may share one body ({@code {"event_ids": [...]}}, see
 * {@link #pack}): an SQS message costs the sender's SDK and SQS far more than an id in it, and at a
 * webhook's rates one message per event made SQS, not the database, the bound. The dispatcher reads
 * both shapes ({@link #readAll}); the product's other consumers get one event per message.
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

    /** Most fan-outs in one body: a dispatcher batch (ten messages) stays at most 200 events, read and attempted in one invocation. */
    public static final int PACKED = 20;

    /** The body of several fan-outs ({@link #PACKED} at most); one id gives the one-event body. */
    public static String pack(JsonMapper json, List<String> eventIds) throws IOException {
        if (eventIds.isEmpty() || eventIds.size() > PACKED) {
            throw new IllegalArgumentException("A body packs 1 to " + PACKED + " event ids, not " + eventIds.size());
        }
        return eventIds.size() == 1 ? json.writeValueAsString(fanOut(eventIds.getFirst()))
                : json.writeValueAsString(new Packed(eventIds));
    }

    /**
     * A body of the event queue read as its event messages, one or (packed) several: empty when it is
     * not one (not JSON, or an id without {@code evt_}), which the dispatcher reports as failed so that
     * it ends in the dead-letter queue.
     */
    public static List<EventMessage> readAll(JsonMapper json, @Nullable String body) {
        if (body == null) {
            return List.of();
        }
        try {
            Packed packed = json.readValue(body, Packed.class);
            if (packed != null && packed.eventIds() != null) {
                List<EventMessage> messages = new ArrayList<>(packed.eventIds().size());
                for (String id : packed.eventIds()) {
                    if (id == null || !id.startsWith(OutboxWriter.ID_PREFIX)) {
                        return List.of();
                    }
                    messages.add(fanOut(id));
                }
                return List.copyOf(messages);
            }
        } catch (IOException | RuntimeException notPacked) {
            // Read below as one message, or refused there.
        }
        return read(json, body).map(List::of).orElse(List.of());
    }

    /** Several fan-outs in one body. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Packed(@Nullable List<String> eventIds) {
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
