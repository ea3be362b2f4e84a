package dev.wagateway.sendmessage;

import dev.wagateway.shared.contact.ContactActivity;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.status.StatusLedger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Clock;

/**
 * The message row around the Graph API call: written (accepted) before it, so a crash never leaves
 * a send without a row; then sent with its wamid, or failed with Meta's code and message.
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

    SendRecords(MessageRepository messages, JdbcOperations jdbc, StatusLedger statuses, ContactActivity contacts, Clock clock) {
        this.messages = messages;
        this.jdbc = jdbc;
        this.statuses = statuses;
        this.contacts = contacts;
        this.clock = clock;
    }

    /** One statement, committed at once (no transaction around it: a round trip fewer). */
    public Message accept(OutgoingMessage outgoing) {
        WhatsAppUser recipient = outgoing.recipient();
        return messages.save(new Message(Ids.MESSAGE.next(), recipient.phone(), recipient.userId(),
                recipient.parentUserId(), Message.OUTBOUND, outgoing.type(),
                outgoing.content(), outgoing.mediaUrl(), outgoing.caption(), "accepted", null, null, null,
                outgoing.phoneNumberId(), outgoing.metadata(), null, null));
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

    /** One statement, committed at once. */
    @Connectable
    public void failed(Message accepted, String code, @Nullable String message) {
        update(MARK_FAILED, code, message, accepted.id());
    }

    private void update(String sql, String... values) {
        jdbc.prepareStatement(sql, statement -> {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        });
    }
}
