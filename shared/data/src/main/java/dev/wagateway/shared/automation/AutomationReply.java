package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * An {@code automation_replies} row: a reply decided for an inbound message, sent once.
 *
 * @param kind    {@code text} (payload {@code body}) or {@code template} (payload {@code name}, {@code language},
 *                {@code components})
 * @param state   {@code pending}, {@code sent}, {@code failed} or {@code skipped}
 */
public record AutomationReply(long id, String inboundMessageId, String step, String phone, @Nullable Long ruleId,
                              @Nullable Long flowId, @Nullable Long sessionId, String kind, Map<String, Object> payload,
                              String state, Instant notBefore, @Nullable String messageId, @Nullable String error) {
}
