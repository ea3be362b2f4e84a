package dev.wagateway.events;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events each writer emits, built in one place so that every type's {@code data} has one
 * documented shape (README, "Events"). Members are snake_case; absent values are {@code null},
 * never missing; times are RFC 3339 strings.
 */
public final class EventData {

    private EventData() {
    }

    /**
     * An inbound message of any type, with its contact.
     *
     * @param whatsapp the message object exactly as Meta sent it (every type's fields)
     */
    public static NewEvent messageReceived(String messageId, String whatsappMessageId, @Nullable String phone,
                                           @Nullable String userId, @Nullable String parentUserId, String type, @Nullable String content,
                                           @Nullable String caption, Instant sentAt, @Nullable String phoneNumberId,
                                           @Nullable Map<String, Object> whatsapp, String contactId,
                                           @Nullable String profileName, @Nullable String username, boolean contactCreated) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", messageId);
        message.put("whatsapp_message_id", whatsappMessageId);
        message.put("direction", "inbound");
        message.put("phone", phone);
        message.put("user_id", userId);
        message.put("parent_user_id", parentUserId);
        message.put("type", type);
        message.put("content", content);
        message.put("caption", caption);
        message.put("status", "received");
        message.put("sent_at", sentAt.toString());
        message.put("whatsapp", whatsapp);
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("id", contactId);
        contact.put("phone", phone);
        contact.put("user_id", userId);
        contact.put("parent_user_id", parentUserId);
        contact.put("username", username);
        contact.put("profile_name", profileName);
        contact.put("created", contactCreated);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", message);
        data.put("contact", contact);
        return new NewEvent(EventType.MESSAGE_RECEIVED, phoneNumberId, conversation(phone, userId), contactId, messageId,
                null, null, data);
    }

    /** {@code message.received} with the message's media ({@code id}, {@code mime_type}, {@code file_size}, {@code status} ...). */
    @SuppressWarnings("unchecked")
    public static NewEvent withMedia(NewEvent received, Map<String, Object> media) {
        Map<String, Object> data = new LinkedHashMap<>(received.data());
        Map<String, Object> message = new LinkedHashMap<>((Map<String, Object>) data.get("message"));
        message.put("media", media);
        data.put("message", message);
        return new NewEvent(received.type(), received.phoneNumberId(), received.conversation(), received.contactId(),
                received.messageId(), received.templateId(), received.webhookId(), data);
    }

    /**
     * A status Meta reported (or, for a send Meta refused, the gateway's {@code failed}).
     *
     * @param messageId      null when the message is not stored (yet): the status is kept and applied when it is
     * @param previousStatus the message's status before this report; null when the message is not stored
     * @param applied        whether the message's status moved (a late {@code sent} after {@code read} does not)
     * @param errors         Meta's {@code errors} (for {@code failed})
     * @param pricing        Meta's {@code pricing}, as sent
     * @param conversation   Meta's {@code conversation}, as sent
     */
    public static NewEvent messageStatus(@Nullable String messageId, @Nullable String whatsappMessageId,
                                         @Nullable String phone, @Nullable String userId, @Nullable String parentUserId,
                                         String status, @Nullable String previousStatus,
                                         boolean applied, Instant occurredAt, @Nullable String recipientId,
                                         @Nullable List<Object> errors, @Nullable Object pricing, @Nullable Object conversation,
                                         @Nullable String phoneNumberId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", messageId);
        data.put("whatsapp_message_id", whatsappMessageId);
        data.put("phone", phone);
        data.put("user_id", userId);
        data.put("parent_user_id", parentUserId);
        data.put("status", status);
        data.put("previous_status", previousStatus);
        data.put("applied", applied);
        data.put("occurred_at", occurredAt.toString());
        data.put("recipient_id", recipientId);
        data.put("errors", errors == null ? List.of() : errors);
        data.put("pricing", pricing);
        data.put("conversation", conversation);
        String about = conversation(phone, userId);
        return new NewEvent(EventType.MESSAGE_STATUS, phoneNumberId, about != null ? about : recipientId, null, messageId,
                null, null, data);
    }

    /** An outbound message the gateway accepted, written before Meta is called. */
    public static NewEvent messageCreated(String messageId, @Nullable String phone, @Nullable String userId,
                                          @Nullable String parentUserId, String type,
                                          @Nullable String content,
                                          @Nullable String mediaUrl, @Nullable String caption, @Nullable String phoneNumberId,
                                          Map<String, Object> metadata, Instant createdAt) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", messageId);
        message.put("direction", "outbound");
        message.put("phone", phone);
        message.put("user_id", userId);
        message.put("parent_user_id", parentUserId);
        message.put("type", type);
        message.put("content", content);
        message.put("media_url", mediaUrl);
        message.put("caption", caption);
        message.put("status", "accepted");
        message.put("metadata", metadata);
        message.put("created_at", createdAt.toString());
        return new NewEvent(EventType.MESSAGE_CREATED, phoneNumberId, conversation(phone, userId), null, messageId, null, null,
                Map.of("message", message));
    }

    /** Whom an event is about: the phone when known, else the BSUID. */
    private static @Nullable String conversation(@Nullable String phone, @Nullable String userId) {
        return phone != null ? phone : userId;
    }

    /**
     * A contact made, changed or (soft-)deleted.
     *
     * @param contact the contact as the contacts API shows it, after the change
     */
    public static NewEvent contact(EventType type, String contactId, @Nullable String conversation, Map<String, Object> contact) {
        return new NewEvent(type, null, conversation, contactId, null, null, null, Map.of("contact", contact));
    }

    /**
     * A template a sync, the API or one of Meta's template webhooks changed.
     *
     * @param change  {@code created}, {@code updated}, {@code deleted} (sync, api) or {@code status}, {@code quality}, {@code category} (webhook)
     * @param source  {@code sync}, {@code api} or {@code webhook}
     * @param details for a webhook: Meta's event, reason and time
     */
    public static NewEvent templateUpdated(String templateId, String name, String language, @Nullable String category,
                                           String status, @Nullable String previousStatus, String change, String source,
                                           @Nullable Object details) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("id", templateId);
        template.put("name", name);
        template.put("language", language);
        template.put("category", category);
        template.put("status", status);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("template", template);
        data.put("previous_status", previousStatus);
        data.put("change", change);
        data.put("source", source);
        data.put("details", details);
        return new NewEvent(EventType.TEMPLATE_UPDATED, null, null, null, null, templateId, null, data);
    }
}
