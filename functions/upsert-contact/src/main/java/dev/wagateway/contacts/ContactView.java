package dev.wagateway.contacts;

import dev.wagateway.shared.contact.Contact;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * A contact as the API shows it: known by {@code phone}, {@code user_id} (the business-scoped user
 * id Meta gives), {@code parent_user_id}, or several of them; {@code username} is the user's
 * WhatsApp username as Meta last sent it.
 * {@code metadata} is left out when the contact has none (an empty object is not written).
 * {@code restored} is {@code true} only in the answer to the PUT that brought a deleted contact back; left out
 * everywhere else.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContactView(String id,
                          @Nullable String phone,
                          @Nullable String userId,
                          @Nullable String parentUserId,
                          @Nullable String username,
                          @Nullable String name,
                          @Nullable String profilePictureUrl,
                          @Nullable Map<String, Object> metadata,
                          @Nullable Instant lastMessageAt,
                          @Nullable @Schema(description = "When WhatsApp's 24-hour customer service window closes (or closed): "
                                  + "24 hours after the contact's last message to the business; absent when they never wrote. "
                                  + "Until then any message reaches them; after it only a template does.")
                          Instant windowOpenUntil,
                          int messageCount,
                          int unreadCount,
                          Instant createdAt,
                          Instant updatedAt,
                          @Nullable Boolean restored) {

    static ContactView of(Contact contact) {
        return new ContactView(contact.id(), contact.phone(), contact.userId(), contact.parentUserId(), contact.username(),
                contact.name(), contact.profilePictureUrl(),
                contact.metadata(), contact.lastMessageAt(), contact.windowOpenUntil(), contact.messageCount(), contact.unreadCount(),
                contact.createdAt(), contact.updatedAt(), null);
    }

    /** The contact a PUT brought back from deleted. */
    static ContactView restored(Contact contact) {
        ContactView view = of(contact);
        return new ContactView(view.id(), view.phone(), view.userId(), view.parentUserId(), view.username(), view.name(),
                view.profilePictureUrl(), view.metadata(), view.lastMessageAt(), view.windowOpenUntil(), view.messageCount(), view.unreadCount(),
                view.createdAt(), view.updatedAt(), true);
    }
}
