package dev.wagateway.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;

/**
 * An event: the envelope of every delivery (the body, serialised once; the same on every attempt)
 * and what {@code GET /v1/events} lists.
 *
 * @param id            {@code evt_} and a ULID; also the {@code webhook-id} header of its deliveries
 * @param type          what happened: {@code message.received}, {@code message.status}, {@code message.created},
 *                      {@code contact.created}, {@code contact.updated}, {@code contact.deleted},
 *                      {@code template.updated}, {@code webhook.test}, {@code media.stored} or {@code media.failed}
 * @param createdAt     when the change was written (RFC 3339, UTC)
 * @param phoneNumberId the business number it concerns, when it concerns one
 * @param conversation  whom it is about: the contact's E.164 phone (or WhatsApp user id); null for events about no contact
 * @param sequence      its place among the conversation's events, from 1: order by it what arrives out of order
 * @param data          the type's payload (see the event types in the README)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Event(String id,
                    String type,
                    Instant createdAt,
                    @Nullable String phoneNumberId,
                    @Nullable String conversation,
                    @Nullable Long sequence,
                    Map<String, Object> data) {
}
