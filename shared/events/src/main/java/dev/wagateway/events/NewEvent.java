package dev.wagateway.events;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * An event to write with the change it describes.
 *
 * @param conversation whom it is about (the contact's E.164 phone, or a WhatsApp user id): the event gets
 *                     the next sequence number of that conversation; {@code null} for events about no contact
 * @param data         the type's payload (see {@code docs/events.md}); serialised as a JSON object
 */
public record NewEvent(EventType type,
                       @Nullable String phoneNumberId,
                       @Nullable String conversation,
                       @Nullable String contactId,
                       @Nullable String messageId,
                       @Nullable String templateId,
                       @Nullable String webhookId,
                       Map<String, Object> data) {

    public static NewEvent about(EventType type, @Nullable String conversation, Map<String, Object> data) {
        return new NewEvent(type, null, conversation, null, null, null, null, data);
    }

    public NewEvent withPhoneNumberId(@Nullable String id) {
        return new NewEvent(type, id, conversation, contactId, messageId, templateId, webhookId, data);
    }

    public NewEvent withContactId(@Nullable String id) {
        return new NewEvent(type, phoneNumberId, conversation, id, messageId, templateId, webhookId, data);
    }

    public NewEvent withMessageId(@Nullable String id) {
        return new NewEvent(type, phoneNumberId, conversation, contactId, id, templateId, webhookId, data);
    }

    public NewEvent withTemplateId(@Nullable String id) {
        return new NewEvent(type, phoneNumberId, conversation, contactId, messageId, id, webhookId, data);
    }

    public NewEvent withWebhookId(@Nullable String id) {
        return new NewEvent(type, phoneNumberId, conversation, contactId, messageId, templateId, id, data);
    }
}
