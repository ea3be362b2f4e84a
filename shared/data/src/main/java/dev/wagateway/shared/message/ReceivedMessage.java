package dev.wagateway.shared.message;

import dev.wagateway.shared.identity.WhatsAppUser;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * An inbound message as {@link MessageWriter#storeReceived} stores it.
 *
 * @param sender       the customer, by every identity the message carries
 * @param username     the customer's WhatsApp username, when Meta gave it
 * @param mediaUrl     the media's URL, when Meta sent one with the media object
 * @param metadataJson a JSON object
 * @param rawJson      the message object exactly as Meta sent it (the event carries it)
 */
public record ReceivedMessage(String whatsappMessageId, WhatsAppUser sender, @Nullable String username,
                              @Nullable String profileName, String type, @Nullable String content,
                              @Nullable String caption, @Nullable String mediaUrl, Instant sentAt,
                              @Nullable String phoneNumberId, String metadataJson, String rawJson) {
}
