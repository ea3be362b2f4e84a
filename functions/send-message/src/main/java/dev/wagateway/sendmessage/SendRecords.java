package dev.wagateway.sendmessage;

import dev.wagateway.events.EventData;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.contact.ContactActivity;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.status.StatusLedger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The message row around the Graph API call: written (accepted) before it, so a crash never leaves
 * a send without a row; then sent with its wamid, or failed with Meta's code and message. Accepting
 * writes {@code message.created}, failing {@code message.status} (failed: Meta never sends a status for
 * a send it refused), each in the transaction of its change; Meta's own statuses come by its webhook.
 */
@Singleton
class SendRecords {

    private static final String MARK_SENT = """
            UPDATE messages SET status = 'sent', whatsapp_message_id = ? WHERE id = ? AND status = 'accepted'""";
    private static final String MARK_FAILED = """
            UPDATE messages SET status = 'failed', error_code = ?, error_message = ? WHERE id = ? AND status = 'accepted'""";
    private final MessageRepository messages;
    private final JdbcOperations jdbc;
    private final StatusLedger statuses;
    private final ContactActivity contacts;
    private final Clock clock;
    private final OutboxWriter outbox;

    SendRecords(MessageRepository messages, JdbcOperations jdbc, StatusLedger statuses, ContactActivity contacts, Clock clock,
                OutboxWriter outbox) {
        this.messages = messages;
        this.jdbc = jdbc;
        this.statuses = statuses;
        this.contacts = contacts;
        this.clock = clock;
        this.outbox = outbox;
    }

    /** The row and its {@code message.created}, in one transaction. */
    @Transactional
    public Message accept(OutgoingMessage outgoing) {
        WhatsAppUser recipient = outgoing.recipient();
        Message saved = messages.save(new Message(Ids.MESSAGE.next(), recipient.phone(), recipient.userId(),
                recipient.parentUserId(), Message.OUTBOUND, outgoing.type(),
                outgoing.content(), outgoing.mediaUrl(), outgoing.caption(), "accepted", null, null, null,
                outgoing.phoneNumberId(), outgoing.metadata(), null, null));
        event(() -> outbox.write(EventData.messageCreated(saved.id(), saved.phone(), saved.userId(), saved.type(), saved.content(),
                saved.mediaUrl(), saved.caption(), saved.phoneNumberId(), saved.metadata(), clock.instant())), saved);
        return saved;
    }

    /**
     * Meta took it: the wamid, statuses that beat us here, and the contact, in one transaction.
     * Answers the message's status now: {@code sent}, or further along when statuses were waiting.
     */
    @Transactional
    public String sent(Message accepted, String wamid) {
        update(MARK_SENT, wamid, accepted.id());
        try {
            int applied = statuses.applyPending(wamid);
            contacts.outboundMessage(accepted.party(), clock.instant());
            return applied == 0 ? "sent" : messages.findById(accepted.id()).orElseThrow().status();
        } catch (SQLException e) {
            throw new DataAccessException("Could not record the send of " + accepted.id() + ": " + e.getMessage(), e);
        }
    }

    /** The row failed and its {@code message.status}, in one transaction. */
    @Transactional
    public void failed(Message accepted, String code, @Nullable String message) {
        if (update(MARK_FAILED, code, message, accepted.id()) == 0) {
            return;
        }
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", code);
        error.put("title", message);
        error.put("source", "gateway");
        event(() -> outbox.write(EventData.messageStatus(accepted.id(), null, accepted.phone(), accepted.userId(), "failed", "accepted", true,
                clock.instant(), null, List.of(error), null, null, accepted.phoneNumberId())), accepted);
    }

    private static void event(SqlWrite write, Message about) {
        try {
            write.run();
        } catch (SQLException e) {
            throw new DataAccessException("Could not write the event of " + about.id() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlWrite {
        void run() throws SQLException;
    }

    private int update(String sql, String... values) {
        return jdbc.prepareStatement(sql, statement -> {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        });
    }
}
