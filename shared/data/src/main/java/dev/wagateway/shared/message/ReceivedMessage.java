package dev.wagateway.shared.message;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/** An inbound message as {@link MessageWriter#storeReceived} stores it; {@code metadataJson} is a JSON object. */
public record ReceivedMessage(String whatsappMessageId, String phone, @Nullable String profileName, String type,
                              @Nullable String content, @Nullable String caption, Instant sentAt,
                              @Nullable String phoneNumberId, String metadataJson) {
}
