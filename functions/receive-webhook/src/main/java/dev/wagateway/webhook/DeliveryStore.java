package dev.wagateway.webhook;

import dev.wagateway.events.EventData;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.contact.ContactActivity;
import dev.wagateway.shared.contact.ContactIdentities;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.status.StatusLedger;
import dev.wagateway.webhook.Delivery.InboundMessage;
import dev.wagateway.webhook.Delivery.Item;
import dev.wagateway.webhook.Delivery.KeptEvent;
import dev.wagateway.webhook.Delivery.Reject;
import dev.wagateway.webhook.Delivery.TemplateStatusUpdate;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stores a delivery in ONE transaction: when it commits, everything of the delivery is stored (or
 * recorded as a reject with its reason); when it does not, nothing is, and the caller answers 5xx so
 * Meta delivers it again. So a 200 always means "all stored", and a redelivery after a failure finds
 * no half of it. Every write is idempotent (ON CONFLICT on the wamid, the status history's unique key,
 * the rejects' and kept events' content keys), so redeliveries and concurrent copies change nothing.
 *
 * <p>An item PostgreSQL refuses (a data or constraint error the reader could not foresee, such as a
 * {@code \u0000} in a text) must not sink the others. The first attempt runs without savepoints (the
 * common case, and cheaper); if PostgreSQL refuses an item, the transaction is rolled back and run
 * again with a savepoint around each item, recording refused items as rejects. Deadlocks and
 * serialization failures are retried as a whole.
 *
 * <p>What the delivery changed is also written as events ({@code message.received}, {@code message.status},
 * {@code template.updated}), in the same transaction: a redelivery, which changes nothing, makes none.
 */
@Singleton
class DeliveryStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStore.class);
    private static final int ATTEMPTS = 4;

    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (id, phone, user_id, parent_user_id, direction, type, content, caption, status,
                                  whatsapp_message_id, phone_number_id, metadata, created_at)
            VALUES (?, ?, ?, ?, 'inbound', ?, ?, ?, 'received', ?, ?, CAST(? AS jsonb), ?)
            ON CONFLICT (whatsapp_message_id) WHERE whatsapp_message_id IS NOT NULL DO NOTHING""";

    private static final String UPDATE_TEMPLATE = """
            WITH target AS (
                SELECT id, status AS previous_status FROM templates
                WHERE deleted_at IS NULL
                  AND ((CAST(? AS text) IS NOT NULL AND whatsapp_template_id = ?) OR (name = ? AND language = ?))
                FOR UPDATE),
            updated AS (
                UPDATE templates t
                SET status = coalesce(CAST(? AS text), t.status),
                    metadata = t.metadata || jsonb_build_object('statusEvent', CAST(? AS jsonb))
                FROM target
                WHERE t.id = target.id AND coalesce((t.metadata->'statusEvent'->>'time')::bigint, 0) <= ?
                RETURNING t.id, t.name, t.language, t.category, t.status)
            SELECT (SELECT count(*) FROM target), u.id, u.name, u.language, u.category, u.status, target.previous_status
            FROM (SELECT 1) AS one LEFT JOIN updated u ON true LEFT JOIN target ON target.id = u.id""";

    private static final String INSERT_KEPT = """
            INSERT INTO webhook_kept_events (kind, field, waba_id, phone_number_id, payload)
            VALUES (?, ?, ?, ?, CAST(? AS jsonb))
            ON CONFLICT (kind, md5(payload::text)) DO NOTHING""";

    private static final String INSERT_REJECT = """
            INSERT INTO webhook_rejects (kind, reason, item_json, phone_number_id)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (kind, md5(item_json)) DO NOTHING""";

    private final TransactionOperations<Connection> transactions;
    private final StatusLedger statuses;
    private final ContactActivity contacts;
    private final ContactIdentities identities;
    private final OutboxWriter outbox;
    private final JsonMapper json;

    DeliveryStore(TransactionOperations<Connection> transactions, StatusLedger statuses, ContactActivity contacts,
                  ContactIdentities identities, OutboxWriter outbox, JsonMapper json) {
        this.transactions = transactions;
        this.statuses = statuses;
        this.contacts = contacts;
        this.identities = identities;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * Stores the delivery or throws; a {@link StoreFailure} carries the {@link SQLException} that
     * stopped it.
     */
    void store(Delivery delivery) {
        boolean itemByItem = false;
        for (int attempt = 1; ; attempt++) {
            boolean careful = itemByItem;
            try {
                transactions.executeWrite(status -> {
                    write(status.getConnection(), delivery, careful);
                    return null;
                });
                return;
            } catch (StoreFailure failure) {
                SQLException cause = failure.sqlException();
                if (attempt >= ATTEMPTS) {
                    throw failure;
                }
                if (isRefusedItem(cause) && !careful) {
                    LOG.info("PostgreSQL refused an item ({}); storing the delivery item by item", cause.getSQLState());
                    itemByItem = true;
                } else if (!isTransient(cause)) {
                    throw failure;
                }
            }
        }
    }

    private void write(Connection connection, Delivery delivery, boolean careful) {
        List<Reject> rejects = new ArrayList<>(delivery.rejects());
        List<NewEvent> events = new ArrayList<>();
        try {
            Set<String> wamids = new TreeSet<>();
            delivery.messages().forEach(m -> wamids.add(m.whatsappMessageId()));
            delivery.statuses().forEach(s -> wamids.add(s.report().whatsappMessageId()));
            statuses.lock(wamids);
            // Every customer's contact locks in one sorted pass: two deliveries with messages of the
            // same customers never wait on each other in opposite orders.
            List<WhatsAppUser> customers = new ArrayList<>();
            delivery.messages().forEach(m -> customers.add(m.sender()));
            delivery.statuses().stream().filter(DeliveryStore::teachesTheContact).forEach(s -> customers.add(s.recipient()));
            identities.lock(customers);
            List<InboundMessage> messages = delivery.messages().stream()
                    .sorted(Comparator.comparing((InboundMessage m) -> m.sender().sortKey()).thenComparing(InboundMessage::sentAt))
                    .toList();
            for (InboundMessage message : messages) {
                each(connection, careful, message, rejects, events, () -> storeMessage(connection, message));
            }
            for (Delivery.Status status : delivery.statuses()) {
                each(connection, careful, status, rejects, events, () -> {
                    NewEvent event = recordStatus(status);
                    if (teachesTheContact(status)) {
                        contacts.recipientIdentified(status.recipient(), status.username());
                    }
                    return event;
                });
            }
            for (TemplateStatusUpdate update : delivery.templateUpdates()) {
                each(connection, careful, update, rejects, events, () -> updateTemplate(connection, update));
            }
            for (KeptEvent event : delivery.kept()) {
                each(connection, careful, event, rejects, events, () -> {
                    keep(connection, event);
                    return null;
                });
            }
            for (Reject reject : rejects) {
                reject(connection, reject);
            }
            outbox.write(events);
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    private @Nullable NewEvent storeMessage(Connection connection, InboundMessage message) throws SQLException {
        int inserted;
        String id = Ids.MESSAGE.next();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MESSAGE)) {
            statement.setString(1, id);
            statement.setString(2, message.sender().phone());
            statement.setString(3, message.sender().userId());
            statement.setString(4, message.sender().parentUserId());
            statement.setString(5, message.type());
            statement.setString(6, message.content());
            statement.setString(7, message.caption());
            statement.setString(8, message.whatsappMessageId());
            statement.setString(9, message.phoneNumberId());
            statement.setString(10, message.metadataJson());
            statement.setTimestamp(11, Timestamp.from(message.sentAt()));
            inserted = statement.executeUpdate();
        }
        if (inserted != 1) {
            return null;
        }
        // Only the transaction that stored the message counts it: a duplicate, even a concurrent
        // one, waited on the wamid's unique index and inserted nothing.
        ContactActivity.Counted contact = contacts.inboundMessage(message.sender(), message.username(), message.profileName(),
                message.sentAt());
        statuses.applyPending(message.whatsappMessageId());
        return EventData.messageReceived(id, message.whatsappMessageId(), message.sender().phone(), message.sender().userId(),
                message.type(), message.content(), message.caption(), message.sentAt(), message.phoneNumberId(),
                object(message.rawJson()), contact.contactId(), message.profileName(), message.username(), contact.created());
    }

    private @Nullable NewEvent recordStatus(Delivery.Status status) throws SQLException {
        StatusLedger.Recorded recorded = statuses.record(status.report());
        if (!recorded.stored()) {
            return null;
        }
        Map<String, Object> payload = object(status.report().payloadJson());
        Object errors = payload == null ? null : payload.get("errors");
        String phone = recorded.phone() != null ? recorded.phone() : status.recipient() == null ? null : status.recipient().phone();
        String userId = recorded.userId() != null ? recorded.userId() : status.recipient() == null ? null : status.recipient().userId();
        return EventData.messageStatus(recorded.messageId(), status.report().whatsappMessageId(), phone, userId,
                status.report().status(), recorded.previousStatus(), recorded.moved(), status.report().occurredAt(),
                status.report().recipientId(), errors instanceof List<?> list ? List.copyOf(list) : null,
                payload == null ? null : payload.get("pricing"), payload == null ? null : payload.get("conversation"),
                status.phoneNumberId() != null ? status.phoneNumberId() : recorded.phoneNumberId());
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

    /**
     * A status that names its customer by more than one identity, or brings a username: the
     * customer's contact learns them (a send by phone answered with the BSUID joins the two).
     */
    private static boolean teachesTheContact(Delivery.Status status) {
        return status.recipient() != null
                && (status.recipient().identities().size() > 1 || status.username() != null);
    }

    private @Nullable NewEvent updateTemplate(Connection connection, TemplateStatusUpdate update) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_TEMPLATE)) {
            statement.setString(1, update.templateId());
            statement.setString(2, update.templateId());
            statement.setString(3, update.name());
            statement.setString(4, update.language());
            statement.setString(5, update.status());
            statement.setString(6, update.eventJson());
            statement.setLong(7, update.eventTime());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                if (result.getInt(1) == 0) {
                    // Not ours (yet): kept, so a later template sync can still learn of it.
                    keep(connection, new KeptEvent("unmatched_template_status", "message_template_status_update",
                            update.wabaId(), null, update.changeJson()));
                    return null;
                }
                if (result.getString(2) == null) {
                    return null;
                }
                return EventData.templateUpdated(result.getString(2), result.getString(3), result.getString(4),
                        result.getString(5), result.getString(6), result.getString(7), "status", "webhook",
                        object(update.eventJson()));
            }
        }
    }

    private void keep(Connection connection, KeptEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_KEPT)) {
            statement.setString(1, event.kind());
            statement.setString(2, event.field());
            statement.setString(3, event.wabaId());
            statement.setString(4, event.phoneNumberId());
            statement.setString(5, event.payloadJson());
            statement.executeUpdate();
        }
    }

    private void reject(Connection connection, Reject reject) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_REJECT)) {
            statement.setString(1, reject.kind());
            statement.setString(2, reject.reason());
            statement.setString(3, reject.itemJson());
            statement.setString(4, reject.phoneNumberId());
            statement.executeUpdate();
        }
    }

    /** Runs one item's work; the event it made is kept only when the item is. */
    private static void each(Connection connection, boolean careful, Item item, List<Reject> rejects, List<NewEvent> events,
                             SqlWork work) throws SQLException {
        if (!careful) {
            add(events, work.run());
            return;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            NewEvent event = work.run();
            connection.releaseSavepoint(savepoint);
            add(events, event);
        } catch (SQLException e) {
            if (!isRefusedItem(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            rejects.add(item.rejected("PostgreSQL refused it: " + e.getSQLState() + " " + e.getMessage()));
        }
    }

    /** Data exceptions (class 22) and constraint violations (23): this item's fault, not the database's. */
    private static boolean isRefusedItem(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** Deadlock or serialization failure: the same transaction can succeed when run again. */
    private static boolean isTransient(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    private static void add(List<NewEvent> events, @Nullable NewEvent event) {
        if (event != null) {
            events.add(event);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        /** The item's work; answers the event it made, or null. */
        @Nullable NewEvent run() throws SQLException;
    }

    /** Storing failed; the transaction was rolled back. */
    static final class StoreFailure extends RuntimeException {
        StoreFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
