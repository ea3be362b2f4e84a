package dev.wagateway.shared.message;

import dev.wagateway.events.EventData;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.contact.ContactWriter;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.media.MediaWriter;
import dev.wagateway.shared.lock.AdvisoryLocks;
import dev.wagateway.shared.status.StatusReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one writer of {@code messages} and of their status history ({@code message_status_events}):
 * a send accepted, sent or failed, an inbound message, and the statuses Meta reports, kept with SQL so
 * that redeliveries, concurrent deliveries and statuses that arrive before their message all end the
 * same. A message's status only moves up the order {@code message_status_rank} (V37) defines.
 *
 * <p>The status methods run in the caller's transaction (it must have one). A status for a wamid whose
 * message is not stored yet is kept with {@code message_id} and {@code applied_at} NULL;
 * {@link #applyPending} attaches it when the message appears. Both sides take a transaction lock on
 * the wamid first: without it, a status and its message committed at the same moment could each
 * miss the other, and the status would stay pending for ever.
 *
 * <p>Each change writes its event in the same transaction ({@link OutboxWriter}): {@code message.created}
 * for a send accepted, {@code message.received} for an inbound message stored, {@code message.status}
 * for a status kept (Meta's, or the gateway's {@code failed}). A redelivery stores nothing and makes no
 * event. Edits and revokes change their message and make none (no event type names them yet).
 */
@Singleton
public class MessageWriter {

    // The status's record and its message's move, one function (V59): PostgreSQL plans its statement once per
    // connection, where an unnamed statement of the same CTE was parsed and planned again for every delivery.
    private static final String RECORD = "SELECT * FROM message_status_record(?, ?, CAST(? AS timestamptz), ?, ?, ?, ?)";

    // The wamid's lock and the record as two statements of one round trip (lockAndRecord).
    private static final String LOCK_AND_RECORD = AdvisoryLocks.EACH_WAMID + ";\n" + RECORD;

    // The statuses kept before their message, attached and applied (V59, planned once per connection as RECORD).
    private static final String APPLY_PENDING = "SELECT * FROM message_status_apply_pending(?)";

    // The template a template send names, for the stats: set with the accepted row, in its transaction.
    private static final String NOTE_TEMPLATE = "UPDATE messages SET template_name = ? WHERE id = ?";

    // Meta took the send, or refused it: only a message not sent yet (accepted) takes either.
    private static final String MARK_SENT = """
            UPDATE messages SET status = 'sent', whatsapp_message_id = ?
            WHERE id = ? AND message_status_rank(status) < message_status_rank('sent')""";
    private static final String MARK_FAILED = """
            UPDATE messages SET status = 'failed', error_code = ?, error_message = ?
            WHERE id = ? AND message_status_rank(status) < message_status_rank('sent')""";

    private static final String INSERT_RECEIVED = """
            INSERT INTO messages (id, phone, user_id, parent_user_id, direction, type, content, caption, media_url, status,
                                  whatsapp_message_id, phone_number_id, metadata, created_at)
            VALUES (?, ?, ?, ?, 'inbound', ?, ?, ?, ?, 'received', ?, ?, CAST(? AS jsonb), ?)
            ON CONFLICT (whatsapp_message_id) WHERE whatsapp_message_id IS NOT NULL DO NOTHING""";

    // An edit replaces the text and keeps what it replaced; applied once per edit wamid.
    private static final String APPLY_EDIT = """
            UPDATE messages
            SET content = coalesce(CAST(? AS text), content), caption = coalesce(CAST(? AS text), caption),
                metadata = jsonb_set(metadata, '{edits}', coalesce(metadata->'edits', '[]'::jsonb) || jsonb_build_array(
                    jsonb_build_object('wamid', CAST(? AS text), 'at', CAST(? AS text), 'previous_content', content,
                                       'previous_caption', caption, 'whatsapp', CAST(? AS jsonb))))
            WHERE whatsapp_message_id = ? AND direction = 'inbound'
              AND NOT coalesce(metadata->'edits', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('wamid', CAST(? AS text)))""";

    // A revoke marks the message (its text stays: nothing the gateway stored is lost), once.
    private static final String APPLY_REVOKE = """
            UPDATE messages
            SET metadata = jsonb_set(metadata, '{revoked}', jsonb_build_object('wamid', CAST(? AS text), 'at', CAST(? AS text),
                                                                               'whatsapp', CAST(? AS jsonb)))
            WHERE whatsapp_message_id = ? AND direction = 'inbound' AND metadata->'revoked' IS NULL""";

    private static final String INBOUND_MESSAGE = """
            SELECT 1 FROM messages WHERE whatsapp_message_id = ? AND direction = 'inbound'""";

    private final MessageRepository messages;
    private final ContactWriter contacts;
    private final TransactionOperations<Connection> transactions;
    private final JdbcOperations jdbc;
    private final OutboxWriter outbox;
    private final JsonMapper json;
    private final MediaWriter media;

    public MessageWriter(MessageRepository messages, ContactWriter contacts, TransactionOperations<Connection> transactions,
                         JdbcOperations jdbc, OutboxWriter outbox, JsonMapper json, MediaWriter media) {
        this.media = media;
        this.messages = messages;
        this.contacts = contacts;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * A send, written (accepted) before the Graph API call, so a crash never leaves a send without a
     * row, with its {@code message.created}, in the caller's transaction.
     */
    public Message accept(Message accepted, Instant at) {
        return accept(accepted, null, at);
    }

    /** The same, for a template message: {@code templateName} is kept on the row for the stats. */
    public Message accept(Message accepted, @Nullable String templateName, Instant at) {
        Message saved = messages.save(accepted);
        if (templateName != null) {
            update(NOTE_TEMPLATE, templateName, saved.id());
        }
        event(EventData.messageCreated(saved.id(), saved.phone(), saved.userId(), saved.parentUserId(), saved.type(),
                saved.content(),
                saved.mediaUrl(), saved.caption(), saved.phoneNumberId(), saved.metadata(), at), saved.id());
        return saved;
    }

    /**
     * Meta took the send: its wamid, statuses that beat us here, and the recipient's contact, in the
     * caller's transaction. Answers the message's status now: {@code sent}, or further along when
     * statuses were waiting.
     */
    public String markSent(Message accepted, String wamid, Instant at) {
        update(MARK_SENT, wamid, accepted.id());
        try {
            int applied = applyPending(wamid);
            contacts.outboundMessage(accepted.party(), at);
            return applied == 0 ? "sent" : messages.findById(accepted.id()).orElseThrow().status();
        } catch (SQLException e) {
            throw new DataAccessException("Could not record the send of " + accepted.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Meta refused the send: its code and message, and a {@code message.status} {@code failed} with the
     * gateway as its source, in the caller's transaction. Nothing when the message had moved on.
     */
    public void markFailed(Message accepted, String code, @Nullable String message, Instant at) {
        if (update(MARK_FAILED, code, message, accepted.id()) == 0) {
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("title", message);
        error.put("source", "gateway");
        event(EventData.messageStatus(accepted.id(), null, accepted.phone(), accepted.userId(), accepted.parentUserId(),
                "failed", "accepted", true,
                at, null, List.of(error), null, null, accepted.phoneNumberId()), accepted.id());
    }

    /**
     * Stores an inbound message once (a redelivered wamid stores nothing), in the caller's transaction,
     * which holds the wamid's {@link #lock}. Only the call that stored it counts it on the sender's
     * contact and applies the statuses that came first: a duplicate, even a concurrent one, waited on
     * the wamid's unique index and inserted nothing.
     *
     * That call also writes its {@code message.received}.
     *
     * @return whether this call stored it
     */
    public boolean storeReceived(ReceivedMessage message) throws SQLException {
        int inserted;
        String id = Ids.MESSAGE.next();
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(INSERT_RECEIVED)) {
            statement.setString(1, id);
            statement.setString(2, message.sender().phone());
            statement.setString(3, message.sender().userId());
            statement.setString(4, message.sender().parentUserId());
            statement.setString(5, message.type());
            statement.setString(6, message.content());
            statement.setString(7, message.caption());
            statement.setString(8, message.mediaUrl());
            statement.setString(9, message.whatsappMessageId());
            statement.setString(10, message.phoneNumberId());
            statement.setString(11, message.metadataJson());
            statement.setTimestamp(12, Timestamp.from(message.sentAt()));
            inserted = statement.executeUpdate();
        }
        if (inserted != 1) {
            return false;
        }
        ContactWriter.Counted contact = contacts.inboundMessage(message.sender(), message.username(), message.profileName(),
                message.sentAt());
        applyPending(message.whatsappMessageId());
        Map<String, Object> whatsapp = object(message.rawJson());
        NewEvent received = EventData.messageReceived(id, message.whatsappMessageId(), message.sender().phone(),
                message.sender().userId(), message.sender().parentUserId(), message.type(), message.content(), message.caption(),
                message.sentAt(), message.phoneNumberId(), whatsapp, contact.contactId(), message.profileName(), message.username(),
                contact.created());
        Map<String, Object> media = noteMedia(id, message.type(), whatsapp, message.phoneNumberId());
        if (media != null) {
            received = EventData.withMedia(received, media);
        }
        event(received, id);
        return true;
    }

    /**
     * A customer's edit ({@code edit}: the new text, the old one kept in the message's {@code edits}) or
     * revoke (marked {@code revoked}, the text kept) of an inbound message, once per change, in the
     * caller's transaction. Counts nothing.
     *
     * @return false when no inbound message has {@code originalWamid} (the caller keeps the change)
     */
    public boolean applyChange(MessageChange change) throws SQLException {
        int applied;
        boolean edit = change.edit();
        Connection connection = transactions.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(edit ? APPLY_EDIT : APPLY_REVOKE)) {
            int i = 1;
            if (edit) {
                statement.setString(i++, change.content());
                statement.setString(i++, change.caption());
            }
            statement.setString(i++, change.whatsappMessageId());
            statement.setString(i++, change.at().toString());
            statement.setString(i++, change.rawJson());
            statement.setString(i++, change.originalWamid());
            if (edit) {
                statement.setString(i, change.whatsappMessageId());
            }
            applied = statement.executeUpdate();
        }
        if (applied > 0) {
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement(INBOUND_MESSAGE)) {
            statement.setString(1, change.originalWamid());
            try (ResultSet result = statement.executeQuery()) {
                // Applied before (a redelivery): the message is there, nothing to keep.
                return result.next();
            }
        }
    }

    /**
     * The media an inbound message names (image, document, audio, video, sticker: Meta's object with its
     * {@code id}), noted pending for the media job; answers what the event shows of it, or null.
     */
    private @Nullable Map<String, Object> noteMedia(String messageId, String type, @Nullable Map<String, Object> whatsapp,
                                                    @Nullable String phoneNumberId) {
        if (whatsapp == null || !Media.MESSAGE_TYPES.contains(type) || !(whatsapp.get(type) instanceof Map<?, ?> object)
                || !(object.get("id") instanceof String whatsappMediaId) || whatsappMediaId.isBlank()) {
            return null;
        }
        String mimeType = object.get("mime_type") instanceof String s ? s : null;
        String fileName = object.get("filename") instanceof String s ? s : null;
        String sha256 = object.get("sha256") instanceof String s ? s : null;
        String mediaId = media.noteInbound(messageId, whatsappMediaId, mimeType, fileName, sha256, phoneNumberId);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", mediaId);
        shown.put("mime_type", mimeType);
        shown.put("file_name", fileName);
        shown.put("file_size", null);
        shown.put("status", Media.PENDING);
        return shown;
    }

    private void event(NewEvent event, String about) {
        try {
            outbox.write(event);
        } catch (SQLException e) {
            throw new DataAccessException("Could not write the event of " + about + ": " + e.getMessage(), e);
        }
    }

    private @Nullable Map<String, Object> object(@Nullable String jsonText) {
        if (jsonText == null) {
            return null;
        }
        try {
            return json.readValue(jsonText, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            // The reader made it from JSON; should it not read back, the event still goes, without it.
            return null;
        }
    }

    /** The event's fields read from the status's payload, for a report whose reader did not carry them. */
    private StatusReport.EventFields eventFields(String payloadJson) {
        Map<String, Object> payload = object(payloadJson);
        if (payload == null) {
            return new StatusReport.EventFields(null, null, null);
        }
        Object errors = payload.get("errors");
        return new StatusReport.EventFields(errors instanceof List<?> list ? List.copyOf(list) : null, payload.get("pricing"),
                payload.get("conversation"));
    }

    private int update(String sql, @Nullable String... values) {
        return jdbc.prepareStatement(sql, statement -> {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        });
    }

    /**
     * Takes the transaction's lock on each wamid. Call it once, before anything else, with every
     * wamid the transaction will store a message or a status for: taken in one sorted pass, two
     * transactions never wait for each other in opposite orders.
     */
    public void lock(Collection<String> whatsappMessageIds) throws SQLException {
        if (whatsappMessageIds.isEmpty()) {
            return;
        }
        Connection connection = transactions.getConnection();
        String[] sorted = new TreeSet<>(whatsappMessageIds).toArray(String[]::new);
        try (PreparedStatement statement = connection.prepareStatement(AdvisoryLocks.EACH_WAMID)) {
            statement.setArray(1, connection.createArrayOf("text", sorted));
            try (ResultSet ignored = statement.executeQuery()) {
                // the locks are taken as the rows are produced; there is nothing to read
            }
        }
    }

    /**
     * Keeps one reported status (once per wamid, status and time: a redelivery changes nothing) and,
     * when its message is stored, moves the message's status forward ({@code message_status_rank}),
     * with its {@code message.status}. The caller holds the wamid's {@link #lock}.
     *
     * @param recipient     the customer as the status names them, for the event when the message is not stored
     * @param phoneNumberId the business number the status came through, when the delivery says
     * @return false for a redelivery (nothing kept, no event)
     */
    public boolean record(StatusReport report, @Nullable WhatsAppUser recipient, @Nullable String phoneNumberId)
            throws SQLException {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(RECORD)) {
            bindRecord(statement, 1, report);
            try (ResultSet result = statement.executeQuery()) {
                return recorded(result, report, recipient, phoneNumberId);
            }
        }
    }

    /**
     * {@link #lock} of the status's wamid, then {@link #record}, in one round trip to PostgreSQL: for a transaction
     * that stores this one status and no other wamid (most webhook deliveries). Two statements in one message: the
     * record's snapshot is taken once the lock is granted, as with two calls, one round trip (of four) fewer.
     */
    public boolean lockAndRecord(StatusReport report, @Nullable WhatsAppUser recipient, @Nullable String phoneNumberId)
            throws SQLException {
        Connection connection = transactions.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(LOCK_AND_RECORD)) {
            statement.setArray(1, connection.createArrayOf("text", new String[] {report.whatsappMessageId()}));
            bindRecord(statement, 2, report);
            statement.execute();
            try (ResultSet locked = statement.getResultSet()) {
                // the lock is taken as its row is produced; there is nothing to read
            }
            if (!statement.getMoreResults()) {
                throw new SQLException("The status's record gave no result after its lock");
            }
            try (ResultSet result = statement.getResultSet()) {
                return recorded(result, report, recipient, phoneNumberId);
            }
        }
    }

    private static void bindRecord(PreparedStatement statement, int first, StatusReport report) throws SQLException {
        statement.setString(first, report.whatsappMessageId());
        statement.setString(first + 1, report.status());
        statement.setTimestamp(first + 2, Timestamp.from(report.occurredAt()));
        statement.setString(first + 3, report.recipientId());
        statement.setString(first + 4, report.recipientUserId());
        statement.setString(first + 5, report.errorsJson());
        statement.setString(first + 6, report.payloadJson());
    }

    /** What {@link #RECORD} answered: false for a redelivery; otherwise the status's event is written. */
    private boolean recorded(ResultSet result, StatusReport report, @Nullable WhatsAppUser recipient,
                             @Nullable String phoneNumberId) throws SQLException {
        result.next();
        if (result.getInt(1) == 0) {
            return false;
        }
        boolean moved = result.getInt(2) == 1;
        String messageId = result.getString(3);
        String phone = result.getString(4) != null ? result.getString(4) : recipient == null ? null : recipient.phone();
        String userId = result.getString(5) != null ? result.getString(5) : recipient == null ? null : recipient.userId();
        String parentUserId = result.getString(8) != null ? result.getString(8)
                : recipient == null ? null : recipient.parentUserId();
        StatusReport.EventFields fields = report.eventFields() != null ? report.eventFields() : eventFields(report.payloadJson());
        event(EventData.messageStatus(messageId, report.whatsappMessageId(), phone, userId, parentUserId, report.status(),
                result.getString(6), moved, report.occurredAt(), report.recipientId(), fields.errors(),
                fields.pricing(), fields.conversation(),
                phoneNumberId != null ? phoneNumberId : result.getString(7)), report.whatsappMessageId());
        return true;
    }

    /**
     * Applies the statuses kept for {@code whatsappMessageId} before its message was stored: call it
     * in the transaction that stores the wamid on a message (an inbound message, or a send once Meta
     * answered with the wamid). Takes the wamid's lock itself.
     *
     * @return how many kept statuses were attached to the message
     */
    public int applyPending(String whatsappMessageId) throws SQLException {
        lock(List.of(whatsappMessageId));
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(APPLY_PENDING)) {
            statement.setString(1, whatsappMessageId);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
