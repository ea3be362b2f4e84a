package dev.wagateway.shared.automation;

import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.lock.AdvisoryLocks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one writer of {@code automation_runs}, {@code automation_replies} and {@code automation_logs}: the worker's
 * decision on an inbound message (claimed once), the replies it decided (each sent once, its
 * {@code automation.replied} written when Meta took it), and every decision logged. Callers hold a transaction.
 */
@Singleton
public class AutomationRunWriter {

    /** A reply to write with its run. */
    public record NewReply(String step, String phone, @Nullable Long ruleId, @Nullable Long flowId, @Nullable Long sessionId,
                           String kind, Map<String, Object> payload, Instant notBefore) {
    }

    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final OutboxWriter outbox;

    public AutomationRunWriter(JdbcOperations jdbc, JsonMapper json, OutboxWriter outbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.outbox = outbox;
    }

    /** Until the transaction ends, no other decision for this contact runs. */
    public void lockContact(String phone) {
        jdbc.prepareStatement(AdvisoryLocks.AUTOMATION_CONTACT, statement -> {
            statement.setString(1, phone);
            statement.executeQuery().close();
            return null;
        });
    }

    /** Claims the decision on an inbound message: false when it was decided already (a redelivered event). */
    public boolean claim(String inboundMessageId, String eventId, String phone, String decision) {
        return jdbc.prepareStatement("INSERT INTO automation_runs (inbound_message_id, event_id, phone, decision) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (inbound_message_id) DO NOTHING", statement -> {
            statement.setString(1, inboundMessageId);
            statement.setString(2, eventId);
            statement.setString(3, phone);
            statement.setString(4, decision);
            return statement.executeUpdate() == 1;
        });
    }

    /** The decision in its final words (the claim is written before the engine ran). */
    public void decided(String inboundMessageId, String decision) {
        jdbc.prepareStatement("UPDATE automation_runs SET decision = ? WHERE inbound_message_id = ?", statement -> {
            statement.setString(1, decision);
            statement.setString(2, inboundMessageId);
            return statement.executeUpdate();
        });
    }

    /** One decision in {@code automation_logs}: the rule (or none), the text that matched, success or why not. */
    public void log(@Nullable Long ruleId, String phone, @Nullable String messageId, @Nullable String matchedText, boolean success,
                    @Nullable String error, Map<String, Object> metadata, Instant at) {
        jdbc.prepareStatement("INSERT INTO automation_logs (rule_id, phone, message_id, matched_text, success, error, executed_at, metadata) "
                + "VALUES ((SELECT id FROM automation_rules WHERE id = ?), ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))", statement -> {
            if (ruleId == null) {
                statement.setNull(1, Types.BIGINT);
            } else {
                statement.setLong(1, ruleId);
            }
            statement.setString(2, phone);
            statement.setString(3, messageId);
            statement.setString(4, matchedText);
            statement.setBoolean(5, success);
            statement.setString(6, error);
            statement.setTimestamp(7, Rows.timestamp(at));
            statement.setString(8, Rows.json(json, metadata));
            return statement.executeUpdate();
        });
    }

    /** A reply decided for the inbound message; its id. */
    public long reply(String inboundMessageId, NewReply reply) {
        return jdbc.prepareStatement("INSERT INTO automation_replies (inbound_message_id, step, phone, rule_id, flow_id, session_id, kind, "
                + "payload, not_before) VALUES (?, ?, ?, (SELECT id FROM automation_rules WHERE id = ?), (SELECT id FROM flows WHERE id = ?), "
                + "?, ?, CAST(? AS jsonb), ?) RETURNING id", statement -> {
            statement.setString(1, inboundMessageId);
            statement.setString(2, reply.step());
            statement.setString(3, reply.phone());
            setLong(statement, 4, reply.ruleId());
            setLong(statement, 5, reply.flowId());
            setLong(statement, 6, reply.sessionId());
            statement.setString(7, reply.kind());
            statement.setString(8, Rows.json(json, reply.payload()));
            statement.setTimestamp(9, Rows.timestamp(reply.notBefore()));
            try (ResultSet r = statement.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** Meta took the reply: sent, with its message, and {@code automation.replied}. */
    public void sent(AutomationReply reply, String messageId, @Nullable String wamid, String phoneNumberId) {
        settle(reply.id(), "sent", messageId, null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reply", view(reply, "sent", messageId, null));
        data.put("message_id", messageId);
        data.put("whatsapp_message_id", wamid);
        data.put("phone", reply.phone());
        writeEvent(NewEvent.about(EventType.AUTOMATION_REPLIED, reply.phone(), data).withMessageId(messageId)
                .withPhoneNumberId(phoneNumberId));
    }

    /** The reply could not go (Meta refused it, the window is closed): kept with why, never sent again. */
    public void failed(AutomationReply reply, @Nullable String messageId, String error) {
        settle(reply.id(), "failed", messageId, error);
    }

    /** The reply is not sent and will not be (the 24-hour window closed for a text): kept with why. */
    public void skipped(AutomationReply reply, String why) {
        settle(reply.id(), "skipped", null, why);
    }

    private void settle(long id, String state, @Nullable String messageId, @Nullable String error) {
        jdbc.prepareStatement("UPDATE automation_replies SET state = ?, message_id = coalesce(?, message_id), error = ? WHERE id = ?",
                statement -> {
                    statement.setString(1, state);
                    statement.setString(2, messageId);
                    statement.setString(3, error);
                    statement.setLong(4, id);
                    return statement.executeUpdate();
                });
    }

    /** A reply as events show it. */
    public static Map<String, Object> view(AutomationReply reply, String state, @Nullable String messageId, @Nullable String error) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", reply.id());
        view.put("inbound_message_id", reply.inboundMessageId());
        view.put("step", reply.step());
        view.put("rule_id", reply.ruleId());
        view.put("flow_id", reply.flowId());
        view.put("session_id", reply.sessionId());
        view.put("kind", reply.kind());
        view.put("payload", reply.payload());
        view.put("state", state);
        view.put("message_id", messageId);
        view.put("error", error);
        return view;
    }

    private static void setLong(java.sql.PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
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
