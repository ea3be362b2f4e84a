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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A customer the business messages, known by an E.164 phone, a business-scoped user id, a parent
 * one, or several of them (at least one; each is unique among live contacts).
 *
 * @param username the user's WhatsApp username as Meta last sent it (shown, never an address)
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
                profilePictureUrl, null, 0, 0, false, metadata, null, null, null);
    }

    /** Every identity the contact is known by. */
    public WhatsAppUser identity() {
        return new WhatsAppUser(phone, userId, parentUserId);
    }
}
