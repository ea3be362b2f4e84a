package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the automation tables: rules, flows with their graphs, sessions, replies, the cooldown's last answer. */
@Singleton
public class AutomationReads {

    static final String RULE_COLUMNS = "id, name, trigger_type, trigger_value, response_type, response_value, is_active, "
            + "priority, metadata::text AS metadata, created_at, updated_at";
    static final String SESSION_COLUMNS = "id, phone, flow_id, current_node_key, variables::text AS variables, status, "
            + "started_at, last_activity_at, expires_at, metadata::text AS metadata";
    static final String REPLY_COLUMNS = "id, inbound_message_id, step, phone, rule_id, flow_id, session_id, kind, "
            + "payload::text AS payload, state, not_before, message_id, error";

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    public AutomationReads(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every active rule. */
    @Connectable
    public List<AutomationRule> activeRules() {
        return rules("SELECT " + RULE_COLUMNS + " FROM automation_rules WHERE is_active ORDER BY priority DESC, id", null);
    }

    /** Rules after {@code afterId}, by id, for the API's listing. */
    @Connectable
    public List<AutomationRule> rules(long afterId, int limit) {
        return jdbc.prepareStatement("SELECT " + RULE_COLUMNS + " FROM automation_rules WHERE id > ? ORDER BY id LIMIT ?", statement -> {
            statement.setLong(1, afterId);
            statement.setInt(2, limit);
            return readRules(statement);
        });
    }

    @Connectable
    public Optional<AutomationRule> rule(long id) {
        return rules("SELECT " + RULE_COLUMNS + " FROM automation_rules WHERE id = ?", id).stream().findFirst();
    }

    private List<AutomationRule> rules(String sql, @Nullable Long id) {
        return jdbc.prepareStatement(sql, statement -> {
            if (id != null) {
                statement.setLong(1, id);
            }
            return readRules(statement);
        });
    }

    private List<AutomationRule> readRules(PreparedStatement statement) throws SQLException {
        List<AutomationRule> rules = new ArrayList<>();
        try (ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                rules.add(new AutomationRule(r.getLong("id"), r.getString("name"), r.getString("trigger_type"),
                        r.getString("trigger_value"), r.getString("response_type"), r.getString("response_value"),
                        r.getBoolean("is_active"), r.getInt("priority"), Rows.object(json, r.getString("metadata")),
                        Rows.instant(r, "created_at"), Rows.instant(r, "updated_at")));
            }
        }
        return rules;
    }

    /** A flow with its nodes and edges. */
    @Connectable
    public Optional<Flow> flow(long id) {
        return flows("SELECT id, name, description, trigger_keyword, is_active, metadata::text AS metadata, created_at, "
                + "updated_at FROM flows WHERE id = ?", id, 1).stream().findFirst();
    }

    /** Flows after {@code afterId}, by id, with their graphs. */
    @Connectable
    public List<Flow> flows(long afterId, int limit) {
        return flows("SELECT id, name, description, trigger_keyword, is_active, metadata::text AS metadata, created_at, "
                + "updated_at FROM flows WHERE id > ? ORDER BY id LIMIT ?", afterId, limit);
    }

    /** The active flows that have a trigger keyword. */
    @Connectable
    public List<Flow> activeKeywordFlows() {
        return flows("SELECT id, name, description, trigger_keyword, is_active, metadata::text AS metadata, created_at, "
                + "updated_at FROM flows WHERE is_active AND trigger_keyword IS NOT NULL AND trigger_keyword <> '' "
                + "AND id > ? ORDER BY id LIMIT ?", 0, 10_000);
    }

    private List<Flow> flows(String sql, long id, int limit) {
        List<Flow> heads = jdbc.prepareStatement(sql, statement -> {
            statement.setLong(1, id);
            if (sql.endsWith("LIMIT ?")) {
                statement.setInt(2, limit);
            }
            List<Flow> found = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    found.add(new Flow(r.getLong("id"), r.getString("name"), r.getString("description"),
                            r.getString("trigger_keyword"), r.getBoolean("is_active"), Rows.object(json, r.getString("metadata")),
                            List.of(), List.of(), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at")));
                }
            }
            return found;
        });
        List<Flow> flows = new ArrayList<>();
        for (Flow head : heads) {
            flows.add(new Flow(head.id(), head.name(), head.description(), head.triggerKeyword(), head.active(),
                    head.metadata(), nodes(head.id()), edges(head.id()), head.createdAt(), head.updatedAt()));
        }
        return flows;
    }

    private List<Flow.Node> nodes(long flowId) {
        return jdbc.prepareStatement("SELECT node_key, type, config::text AS config, position_x, position_y FROM flow_nodes "
                + "WHERE flow_id = ? ORDER BY id", statement -> {
            statement.setLong(1, flowId);
            List<Flow.Node> nodes = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    double x = r.getDouble("position_x");
                    Double px = r.wasNull() ? null : x;
                    double y = r.getDouble("position_y");
                    Double py = r.wasNull() ? null : y;
                    nodes.add(new Flow.Node(r.getString("node_key"), r.getString("type"), Rows.object(json, r.getString("config")), px, py));
                }
            }
            return nodes;
        });
    }

    private List<Flow.Edge> edges(long flowId) {
        return jdbc.prepareStatement("SELECT source_node_key, target_node_key, condition FROM flow_edges WHERE flow_id = ? ORDER BY id",
                statement -> {
                    statement.setLong(1, flowId);
                    List<Flow.Edge> edges = new ArrayList<>();
                    try (ResultSet r = statement.executeQuery()) {
                        while (r.next()) {
                            edges.add(new Flow.Edge(r.getString(1), r.getString(2), r.getString(3)));
                        }
                    }
                    return edges;
                });
    }

    /** The contact's open session (active or handed off), the newest when the legacy data holds several. */
    @Connectable
    public Optional<ConversationSession> openSession(String phone) {
        return querySessions("SELECT " + SESSION_COLUMNS + " FROM conversation_sessions WHERE phone = ? AND status IN ('active', 'handoff') "
                + "ORDER BY started_at DESC, id DESC LIMIT 1", phone, null, 1).stream().findFirst();
    }

    @Connectable
    public Optional<ConversationSession> session(long id) {
        return querySessions("SELECT " + SESSION_COLUMNS + " FROM conversation_sessions WHERE id = ?", null, id, 1).stream().findFirst();
    }

    /** Sessions after {@code afterId} by id, optionally of one status and one phone. */
    @Connectable
    public List<ConversationSession> sessions(@Nullable String status, @Nullable String phone, long afterId, int limit) {
        return jdbc.prepareStatement("SELECT " + SESSION_COLUMNS + " FROM conversation_sessions WHERE id > ? "
                + "AND (CAST(? AS text) IS NULL OR status = ?) AND (CAST(? AS text) IS NULL OR phone = CAST(? AS text)) "
                + "ORDER BY id LIMIT ?", statement -> {
            statement.setLong(1, afterId);
            statement.setString(2, status);
            statement.setString(3, status);
            statement.setString(4, phone);
            statement.setString(5, phone);
            statement.setInt(6, limit);
            return readSessions(statement);
        });
    }

    private List<ConversationSession> querySessions(String sql, @Nullable String phone, @Nullable Long id, int limit) {
        return jdbc.prepareStatement(sql, statement -> {
            if (phone != null) {
                statement.setString(1, phone);
            } else {
                statement.setLong(1, id);
            }
            return readSessions(statement);
        });
    }

    private List<ConversationSession> readSessions(PreparedStatement statement) throws SQLException {
        List<ConversationSession> sessions = new ArrayList<>();
        try (ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                sessions.add(new ConversationSession(r.getLong("id"), r.getString("phone"), Rows.nullableLong(r, "flow_id"),
                        r.getString("current_node_key"), Rows.object(json, r.getString("variables")), r.getString("status"),
                        Rows.instant(r, "started_at"), Rows.instant(r, "last_activity_at"), Rows.instant(r, "expires_at"),
                        Rows.object(json, r.getString("metadata"))));
            }
        }
        return sessions;
    }

    /** When the rule last answered the contact (a successful decision of that rule), or null. */
    @Connectable
    public @Nullable Instant lastAnswered(String phone, long ruleId) {
        return jdbc.prepareStatement("SELECT max(executed_at) FROM automation_logs WHERE phone = ? AND rule_id = ? AND success "
                + "AND coalesce(metadata ->> 'decision', 'rule') = 'rule'", statement -> {
            statement.setString(1, phone);
            statement.setLong(2, ruleId);
            try (ResultSet r = statement.executeQuery()) {
                return r.next() ? Rows.instant(r, "max") : null;
            }
        });
    }

    /** Whether the contact wrote any inbound message before this one. */
    @Connectable
    public boolean wroteBefore(String phone, String inboundMessageId) {
        return jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM messages WHERE phone = ? AND direction = 'inbound' AND id <> ?)",
                statement -> {
                    statement.setString(1, phone);
                    statement.setString(2, inboundMessageId);
                    try (ResultSet r = statement.executeQuery()) {
                        return r.next() && r.getBoolean(1);
                    }
                });
    }

    /** When the last message to the contact went or is due: its newest outbound message or pending reply. */
    @Connectable
    public @Nullable Instant lastOutbound(String phone) {
        return jdbc.prepareStatement("SELECT greatest((SELECT max(created_at) FROM messages WHERE phone = ? AND direction = 'outbound' "
                + "AND created_at > now() - interval '1 hour'), (SELECT max(not_before) FROM automation_replies WHERE phone = ? "
                + "AND state IN ('pending', 'sent')))", statement -> {
            statement.setString(1, phone);
            statement.setString(2, phone);
            try (ResultSet r = statement.executeQuery()) {
                return r.next() ? Rows.instant(r, "greatest") : null;
            }
        });
    }

    /** The outbound message a reply wrote, when one did (a send that died before the reply learned of it); not failed ones. */
    @Connectable
    public Optional<String[]> replyMessage(String phone, long replyId) {
        return jdbc.prepareStatement("SELECT id, status, whatsapp_message_id FROM messages WHERE phone = ? AND direction = 'outbound' "
                + "AND metadata -> 'automation' ->> 'reply_id' = ? AND status <> 'failed' ORDER BY created_at LIMIT 1", statement -> {
            statement.setString(1, phone);
            statement.setString(2, Long.toString(replyId));
            try (ResultSet r = statement.executeQuery()) {
                return r.next() ? Optional.of(new String[]{r.getString(1), r.getString(2), r.getString(3)}) : Optional.empty();
            }
        });
    }

    /** Whether automation already decided on this inbound message. */
    @Connectable
    public boolean decided(String inboundMessageId) {
        return jdbc.prepareStatement("SELECT 1 FROM automation_runs WHERE inbound_message_id = ?", statement -> {
            statement.setString(1, inboundMessageId);
            try (ResultSet r = statement.executeQuery()) {
                return r.next();
            }
        });
    }

    /** The replies of an inbound message not sent yet, in the order they were decided. */
    @Connectable
    public List<AutomationReply> pendingReplies(String inboundMessageId) {
        return jdbc.prepareStatement("SELECT " + REPLY_COLUMNS + " FROM automation_replies WHERE inbound_message_id = ? "
                + "AND state = 'pending' ORDER BY id", statement -> {
            statement.setString(1, inboundMessageId);
            return readReplies(statement);
        });
    }

    @Connectable
    public List<AutomationReply> replies(String inboundMessageId) {
        return jdbc.prepareStatement("SELECT " + REPLY_COLUMNS + " FROM automation_replies WHERE inbound_message_id = ? ORDER BY id",
                statement -> {
                    statement.setString(1, inboundMessageId);
                    return readReplies(statement);
                });
    }

    List<AutomationReply> readReplies(PreparedStatement statement) throws SQLException {
        List<AutomationReply> replies = new ArrayList<>();
        try (ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                replies.add(new AutomationReply(r.getLong("id"), r.getString("inbound_message_id"), r.getString("step"),
                        r.getString("phone"), Rows.nullableLong(r, "rule_id"), Rows.nullableLong(r, "flow_id"),
                        Rows.nullableLong(r, "session_id"), r.getString("kind"), Rows.object(json, r.getString("payload")),
                        r.getString("state"), Rows.instant(r, "not_before"), r.getString("message_id"), r.getString("error")));
            }
        }
        return replies;
    }
}
