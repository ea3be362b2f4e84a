package dev.wagateway.shared.sending;

import dev.wagateway.shared.identity.WhatsAppUser;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * A send request after validation: what goes to Meta and what the message row keeps.
 *
 * @param recipient     the recipient: an E.164 phone or a (parent) business-scoped user id
 * @param phoneNumberId the business number it goes through
 * @param graphBody     the body of {@code POST /{phone-number-id}/messages}, in Meta's shape
 * @param template      the template's name and language for a template message, else null
 */
public record OutgoingMessage(WhatsAppUser recipient, String type, String phoneNumberId, Map<String, Object> graphBody,
                       @Nullable String content, @Nullable String mediaUrl, @Nullable String caption,
                       Map<String, Object> metadata, @Nullable TemplateUse template) {

    public OutgoingMessage withContent(@Nullable String rendered) {
        return new OutgoingMessage(recipient, type, phoneNumberId, graphBody, rendered, mediaUrl, caption, metadata, template);
    }
}
