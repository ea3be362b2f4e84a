package dev.wagateway.shared.message;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One WhatsApp message, sent or received.
 *
 * @param phone             the other party's E.164 phone, unless only a BSUID names them
 * @param userId            the other party's business-scoped user id, when Meta gave it (or the send used it)
 * @param parentUserId      the other party's parent BSUID, when Meta gave it (or the send used it)
 * @param direction         {@code inbound} or {@code outbound}
 * @param type              Meta's message type ({@code text}, {@code template}, {@code image}, ...)
 * @param status            {@code accepted} (stored, not yet handed to Meta), {@code received},
 *                          {@code sent}, {@code delivered}, {@code read} or {@code failed}
 * @param whatsappMessageId Meta's id (wamid), once Meta has given one
 * @param phoneNumberId     the business number it went through
 */
@MappedEntity("messages")
public record Message(
        @Id String id,
        @Nullable String phone,
        @Nullable String userId,
        @Nullable String parentUserId,
        String direction,
        String type,
        @Nullable String content,
        @Nullable String mediaUrl,
        @Nullable String caption,
        String status,
        @Nullable String whatsappMessageId,
        @Nullable String errorCode,
        @Nullable String errorMessage,
        @Nullable String phoneNumberId,
        @TypeDef(type = DataType.JSON) Map<String, Object> metadata,
        // Microseconds, what PostgreSQL keeps: the answer to a write shows what a read will.
        @DateCreated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant updatedAt) {

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";

    /** The other party, by every identity the message carries. */
    public WhatsAppUser party() {
        return new WhatsAppUser(phone, userId, parentUserId);
    }

    /** A message about to be handed to Meta: stored first, so a crash never leaves a send without a row. */
    public static Message outbound(String phone, String type, @Nullable String content, @Nullable String mediaUrl,
                                   @Nullable String caption, @Nullable String phoneNumberId, Map<String, Object> metadata) {
        return new Message(Ids.MESSAGE.next(), phone, null, null, OUTBOUND, type, content, mediaUrl, caption, "accepted",
                null, null, null, phoneNumberId, metadata, null, null);
    }

    /** A message a customer sent, as Meta delivered it. */
    public static Message inbound(String phone, String type, @Nullable String content, @Nullable String mediaUrl,
                                  @Nullable String caption, String whatsappMessageId, @Nullable String phoneNumberId,
                                  Map<String, Object> metadata) {
        return new Message(Ids.MESSAGE.next(), phone, null, null, INBOUND, type, content, mediaUrl, caption, "received",
                whatsappMessageId, null, null, phoneNumberId, metadata, null, null);
    }
}
