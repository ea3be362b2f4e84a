package dev.wagateway.shared.status;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * One status Meta reported for one message.
 *
 * @param whatsappMessageId the message's wamid
 * @param status            Meta's status, lower case ({@code sent}, {@code delivered}, {@code read}, {@code failed}, ...)
 * @param occurredAt        when Meta says it happened
 * @param recipientId       the customer's WhatsApp id (their phone), as Meta gives it; absent when withheld
 * @param recipientUserId   the customer's business-scoped user id ({@code recipient_user_id}), as Meta gives it
 * @param errorsJson        the status's {@code errors} array as JSON, when it has one
 * @param payloadJson       the whole status object as received (pricing, conversation and fields unknown today)
 * @param eventFields       what the status's event carries of the payload, as its reader already parsed it; null:
 *                          read from {@code payloadJson} when the event is written
 */
public record StatusReport(String whatsappMessageId,
                           String status,
                           Instant occurredAt,
                           @Nullable String recipientId,
                           @Nullable String recipientUserId,
                           @Nullable String errorsJson,
                           String payloadJson,
                           @Nullable EventFields eventFields) {

    /** A report whose event reads its fields from {@code payloadJson}. */
    public StatusReport(String whatsappMessageId, String status, Instant occurredAt, @Nullable String recipientId,
                        @Nullable String recipientUserId, @Nullable String errorsJson, String payloadJson) {
        this(whatsappMessageId, status, occurredAt, recipientId, recipientUserId, errorsJson, payloadJson, null);
    }

    /**
     * The payload's {@code errors} (when an array), {@code pricing} and {@code conversation}, as plain JSON values
     * (maps, lists, strings, numbers, booleans), so the webhook's payload is parsed once, not again for its event.
     */
    public record EventFields(@Nullable List<Object> errors, @Nullable Object pricing, @Nullable Object conversation) {
    }
}
