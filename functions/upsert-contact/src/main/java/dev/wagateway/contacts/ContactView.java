package dev.wagateway.contacts;

import dev.wagateway.shared.contact.Contact;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;

/** A contact as the API shows it. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContactView(String id,
                          String phone,
                          @Nullable String name,
                          @Nullable String profilePictureUrl,
                          Map<String, Object> metadata,
                          @Nullable Instant lastMessageAt,
                          int messageCount,
                          int unreadCount,
                          Instant createdAt,
                          Instant updatedAt) {

    static ContactView of(Contact contact) {
        return new ContactView(contact.id(), contact.phone(), contact.name(), contact.profilePictureUrl(),
                contact.metadata(), contact.lastMessageAt(), contact.messageCount(), contact.unreadCount(),
                contact.createdAt(), contact.updatedAt());
    }
}
