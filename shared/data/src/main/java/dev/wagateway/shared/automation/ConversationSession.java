package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * A {@code conversation_sessions} row.
 *
 * @param status {@code active} (a flow waits for the contact), {@code handoff} (a human has them),
 *               {@code completed} or {@code expired}
 */
public record ConversationSession(long id, String phone, @Nullable Long flowId, @Nullable String currentNodeKey,
                                  Map<String, Object> variables, String status, Instant startedAt,
                                  @Nullable Instant lastActivityAt, @Nullable Instant expiresAt, Map<String, Object> metadata) {

    public boolean open() {
        return status.equals("active") || status.equals("handoff");
    }
}
