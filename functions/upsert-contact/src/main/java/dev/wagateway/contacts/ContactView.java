package dev.wagateway.contacts;

import dev.wagateway.shared.contact.Contact;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;

/**
 * A contact as the API shows it: known by {@code phone}, {@code user_id} (the business-scoped user
 * id Meta gives), {@code parent_user_id}, or several of them; {@code username} is the user's
 * WhatsApp username as Meta last sent it.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContactView(String id,
                          @Nullable String phone,
                          @Nullable String userId,
                          @Nullable String parentUserId,
                          @Nullable String username,
                          @Nullable String name,
                          @Nullable String profilePictureUrl,
                          Map<String, Object> metadata,
                          @Nullable Instant lastMessageAt,
                          int messageCount,
                          int unreadCount,
                          Instant createdAt,
                          Instant updatedAt) {

    static ContactView of(Contact contact) {
        return new ContactView(contact.id(), contact.phone(), contact.userId(), contact.parentUserId(), contact.username(),
                contact.name(), contact.profilePictureUrl(),
                contact.metadata(), contact.lastMessageAt(), contact.messageCount(), contact.unreadCount(),
                contact.createdAt(), contact.updatedAt());
    }
}
