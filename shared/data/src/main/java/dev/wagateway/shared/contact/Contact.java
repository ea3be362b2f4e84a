package dev.wagateway.shared.contact;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A customer the business messages, known by an E.164 phone, a business-scoped user id, a parent
 * one, or several of them (at least one; each is unique among live contacts).
 *
 * @param username      the user's WhatsApp username as Meta last sent it (shown, never an address)
 * @param lastInboundAt when the user's last message to the business was sent (null: they never wrote); kept by
 *                      {@link ContactWriter} with each inbound message
 */
@MappedEntity("contacts")
public record Contact(
        @Id String id,
        @Nullable String phone,
        @Nullable String userId,
        @Nullable String parentUserId,
        @Nullable String username,
        @Nullable String name,
        @Nullable String profilePictureUrl,
        @Nullable Instant lastMessageAt,
        @Nullable Instant lastInboundAt,
        int messageCount,
        int unreadCount,
        @MappedProperty("is_blocked") boolean blocked,
        @TypeDef(type = DataType.JSON) Map<String, Object> metadata,
        // Microseconds, what PostgreSQL keeps: the answer to a write shows what a read will.
        @DateCreated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant updatedAt,
        @Nullable Instant deletedAt) {

    /** A new contact, not stored yet. */
    public static Contact create(WhatsAppUser user, @Nullable String name, @Nullable String profilePictureUrl,
                                 Map<String, Object> metadata) {
        return new Contact(Ids.CONTACT.next(), user.phone(), user.userId(), user.parentUserId(), null, name,
                profilePictureUrl, null, null, 0, 0, false, metadata, null, null, null);
    }

    /**
     * Meta's customer service window: a free-form message reaches the user only within 24 hours of their last
     * message to the business ("Customer service windows", Cloud API); outside it only a template does.
     */
    public static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

    /** When the customer service window closes (or closed): 24 hours after their last message; null when they never wrote. */
    public @Nullable Instant windowOpenUntil() {
        return lastInboundAt == null ? null : lastInboundAt.plus(CUSTOMER_SERVICE_WINDOW);
    }

    /** Every identity the contact is known by. */
    public WhatsAppUser identity() {
        return new WhatsAppUser(phone, userId, parentUserId);
    }
}
