package dev.wagateway.shared.automation;

import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of {@code conversation_sessions}, and of the events about them: {@code conversation.started},
 * {@code conversation.ended} (its flow ended, it expired, a stop word, the API, a release),
 * {@code conversation.handoff}, and a flow's {@code automation.webhook}. Callers hold a transaction.
 */
@Singleton
public class ConversationSessionWriter {

    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final OutboxWriter outbox;

    public ConversationSessionWriter(JdbcOperations jdbc, JsonMapper json, OutboxWriter outbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.outbox = outbox;
    }

    /** A new active session at the flow's first node; with {@code conversation.started}. */
    public ConversationSession start(String phone, long flowId, @Nullable String nodeKey, Map<String, Object> variables,
                                     Instant now, Instant expiresAt, Map<String, Object> metadata) {
        long id = jdbc.prepareStatement("INSERT INTO conversation_sessions (phone, flow_id, current_node_key, variables, status, "
                + "started_at, last_activity_at, expires_at, metadata) VALUES (?, ?, ?, CAST(? AS jsonb), 'active', ?, ?, ?, CAST(? AS jsonb)) "
                + "RETURNING id", statement -> {
            statement.setString(1, phone);
            statement.setLong(2, flowId);
            statement.setString(3, nodeKey);
            statement.setString(4, Rows.json(json, variables));
            statement.setTimestamp(5, Rows.timestamp(now));
            statement.setTimestamp(6, Rows.timestamp(now));
            statement.setTimestamp(7, Rows.timestamp(expiresAt));
            statement.setString(8, Rows.json(json, metadata));
            try (ResultSet r = statement.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
        ConversationSession session = new ConversationSession(id, phone, flowId, nodeKey, variables, "active", now, now, expiresAt, metadata);
        event(EventType.CONVERSATION_STARTED, session, Map.of());
        return session;
    }

    /** The session moved on: its node, its variables, a new expiry. */
    public ConversationSession advance(ConversationSession session, @Nullable String nodeKey, Map<String, Object> variables,
                                       Instant now, Instant expiresAt) {
        update(session.id(), nodeKey, variables, session.status(), now, expiresAt, null);
        return new ConversationSession(session.id(), session.phone(), session.flowId(), nodeKey, variables, session.status(),
                session.startedAt(), now, expiresAt, session.metadata());
    }

    /**
     * Ends it: {@code completed} (or {@code expired}), why in its metadata ({@code end_reason}), with
     * {@code conversation.ended}. Ending a session that is not open changes nothing and answers false.
     */
    public boolean end(ConversationSession session, String status, String reason, Map<String, Object> variables, Instant now) {
        int changed = update(session.id(), session.currentNodeKey(), variables, status, now, session.expiresAt(), reason);
        if (changed == 0) {
            return false;
        }
        ConversationSession ended = new ConversationSession(session.id(), session.phone(), session.flowId(), session.currentNodeKey(),
                variables, status, session.startedAt(), now, session.expiresAt(), session.metadata());
        event(EventType.CONVERSATION_ENDED, ended, Map.of("reason", reason));
        return true;
    }

    /** A human takes the contact: status {@code handoff} until released; with {@code conversation.handoff}. */
    public void handoff(ConversationSession session, String nodeKey, String reason, Map<String, Object> variables, Instant now) {
        jdbc.prepareStatement("UPDATE conversation_sessions SET status = 'handoff', current_node_key = ?, variables = CAST(? AS jsonb), "
                + "last_activity_at = ?, expires_at = NULL, metadata = metadata || jsonb_build_object('handoff_reason', CAST(? AS text)) "
                + "WHERE id = ? AND status IN ('active', 'handoff')", statement -> {
            statement.setString(1, nodeKey);
            statement.setString(2, Rows.json(json, variables));
            statement.setTimestamp(3, Rows.timestamp(now));
            statement.setString(4, reason);
            statement.setLong(5, session.id());
            return statement.executeUpdate();
        });
        ConversationSession handedOff = new ConversationSession(session.id(), session.phone(), session.flowId(), nodeKey, variables,
                "handoff", session.startedAt(), now, null, session.metadata());
        event(EventType.CONVERSATION_HANDOFF, handedOff, Map.of("reason", reason));
    }

    /** A flow's webhook action: {@code automation.webhook} with its name and the session's variables. */
    public void webhook(ConversationSession session, String name, Map<String, Object> data) {
        event(EventType.AUTOMATION_WEBHOOK, session, Map.of("name", name, "variables", data));
    }

    /** Adds a tag to the session's {@code tags} (a contact's tags are what its sessions tagged). */
    public void tag(ConversationSession session, String tag) {
        jdbc.prepareStatement("UPDATE conversation_sessions SET metadata = jsonb_set(metadata, '{tags}', "
                + "(SELECT to_jsonb(array(SELECT DISTINCT t FROM jsonb_array_elements_text(coalesce(metadata -> 'tags', '[]') || to_jsonb(CAST(? AS text))) t ORDER BY t)))) "
                + "WHERE id = ?", statement -> {
            statement.setString(1, tag);
            statement.setLong(2, session.id());
            return statement.executeUpdate();
        });
    }

    private int update(long id, @Nullable String nodeKey, Map<String, Object> variables, String status, Instant now,
                       @Nullable Instant expiresAt, @Nullable String reason) {
        return jdbc.prepareStatement("UPDATE conversation_sessions SET current_node_key = ?, variables = CAST(? AS jsonb), status = ?, "
                + "last_activity_at = ?, expires_at = ?, metadata = CASE WHEN CAST(? AS text) IS NULL THEN metadata "
                + "ELSE metadata || jsonb_build_object('end_reason', CAST(? AS text)) END WHERE id = ? AND status IN ('active', 'handoff')",
                statement -> {
                    statement.setString(1, nodeKey);
                    statement.setString(2, Rows.json(json, variables));
                    statement.setString(3, status);
                    statement.setTimestamp(4, Rows.timestamp(now));
                    statement.setTimestamp(5, Rows.timestamp(expiresAt));
                    statement.setString(6, reason);
                    statement.setString(7, reason);
                    statement.setLong(8, id);
                    return statement.executeUpdate();
                });
    }

    private void event(EventType type, ConversationSession session, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session", view(session));
        data.putAll(extra);
        writeEvent(NewEvent.about(type, session.phone(), data));
    }

    /** A session as the API and events show it. */
    public static Map<String, Object> view(ConversationSession session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id());
        view.put("phone", session.phone());
        view.put("flow_id", session.flowId());
        view.put("current_node_key", session.currentNodeKey());
        view.put("variables", session.variables());
        view.put("status", session.status());
        view.put("started_at", session.startedAt() == null ? null : session.startedAt().toString());
        view.put("last_activity_at", session.lastActivityAt() == null ? null : session.lastActivityAt().toString());
        view.put("expires_at", session.expiresAt() == null ? null : session.expiresAt().toString());
        Object tags = session.metadata().get("tags");
        view.put("tags", tags instanceof List<?> list ? list : List.of());
        return view;
    }

    /** The event in the caller's transaction (an event commits with its row). */
    private void writeEvent(NewEvent event) {
        try {
            outbox.write(event);
        } catch (SQLException e) {
            throw new io.micronaut.data.exceptions.DataAccessException("could not write the " + event.type() + " event", e);
        }
    }
}
