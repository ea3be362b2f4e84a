package dev.wagateway.shared.contact;

import dev.wagateway.shared.id.Ids;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.Map;

/** A customer the business messages, keyed by an E.164 phone number. */
@MappedEntity("contacts")
public record Contact(
        @Id String id,
        String phone,
        @Nullable String name,
        @Nullable String profilePictureUrl,
        @Nullable Instant lastMessageAt,
        int messageCount,
        int unreadCount,
        @MappedProperty("is_blocked") boolean blocked,
        @TypeDef(type = DataType.JSON) Map<String, Object> metadata,
        @DateCreated @Nullable Instant createdAt,
        @DateUpdated @Nullable Instant updatedAt,
        @Nullable Instant deletedAt) {

    /** A new contact, not stored yet. */
    public static Contact create(String phone, @Nullable String name, @Nullable String profilePictureUrl,
                                 Map<String, Object> metadata) {
        return new Contact(Ids.CONTACT.next(), phone, name, profilePictureUrl, null, 0, 0, false,
                metadata, null, null, null);
    }
}
