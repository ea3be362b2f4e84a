package dev.wagateway.automationapi;

import dev.wagateway.shared.automation.ConversationSession;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A conversation session: a flow's place with one contact.
 *
 * @param status    active (the flow waits for the contact), handoff (a human has them: no automation until released),
 *                  completed or expired
 * @param variables what the flow stored (answers, set variables)
 * @param tags      the tags its flow gave the contact
 * @param endReason why it ended: flow_end, error, expired, stop_word, ended (the API), released, flow_unavailable
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConversationView(long id, String phone, @Nullable Long flowId, @Nullable String currentNodeKey,
                               Map<String, Object> variables, String status, List<String> tags, @Nullable String endReason,
                               Instant startedAt, @Nullable Instant lastActivityAt, @Nullable Instant expiresAt) {

    static ConversationView of(ConversationSession session) {
        List<String> tags = session.metadata().get("tags") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        Object reason = session.metadata().get("end_reason");
        return new ConversationView(session.id(), session.phone(), session.flowId(), session.currentNodeKey(), session.variables(),
                session.status(), tags, reason == null ? null : reason.toString(), session.startedAt(), session.lastActivityAt(),
                session.expiresAt());
    }
}
