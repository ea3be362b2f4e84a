package dev.wagateway.shared.status;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

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
 */
public record StatusReport(String whatsappMessageId,
                           String status,
                           Instant occurredAt,
                           @Nullable String recipientId,
                           @Nullable String recipientUserId,
                           @Nullable String errorsJson,
                           String payloadJson) {
}
