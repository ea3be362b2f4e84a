package dev.wagateway.automationworker;

import dev.wagateway.events.Event;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The inbound message a {@code message.received} event is about, as automation reads it.
 *
 * @param text the customer's words: a text's body, a button's or a list reply's title, a caption
 */
record InboundMessage(String eventId, String id, @Nullable String phone, @Nullable String userId, @Nullable String parentUserId,
                      String type, @Nullable String text, Instant sentAt, @Nullable String phoneNumberId,
                      @Nullable String profileName) {

    /** Types automation never answers: a reaction, Meta's system notices, what WhatsApp could not show. */
    private static final Set<String> IGNORED = Set.of("reaction", "system", "unsupported", "errors", "ephemeral");

    static @Nullable InboundMessage of(Event event) {
        if (!"message.received".equals(event.type()) || !(event.data().get("message") instanceof Map<?, ?> message)) {
            return null;
        }
        Map<?, ?> contact = event.data().get("contact") instanceof Map<?, ?> c ? c : Map.of();
        String content = string(message.get("content"));
        String caption = string(message.get("caption"));
        String type = String.valueOf(message.get("type"));
        String text = type.equals("text") || type.equals("interactive") || type.equals("button") ? content : caption;
        String sentAt = string(message.get("sent_at"));
        return new InboundMessage(event.id(), String.valueOf(message.get("id")), string(message.get("phone")),
                string(message.get("user_id")), string(message.get("parent_user_id")), type, text,
                sentAt == null ? event.createdAt() : Instant.parse(sentAt), event.phoneNumberId(), string(contact.get("profile_name")));
    }

    boolean answerable() {
        return !IGNORED.contains(type);
    }

    private static @Nullable String string(@Nullable Object value) {
        return value == null ? null : value.toString();
    }
}
