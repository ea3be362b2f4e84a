package dev.wagateway.webhook;

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
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
                SELECT id FROM templates
                WHERE deleted_at IS NULL
                  AND ((CAST(? AS text) IS NOT NULL AND whatsapp_template_id = ?) OR (name = ? AND language = ?))
                FOR UPDATE),
            updated AS (
                UPDATE templates t
                SET status = coalesce(CAST(? AS text), t.status),
                    metadata = t.metadata || jsonb_build_object('statusEvent', CAST(? AS jsonb))
                FROM target
                WHERE t.id = target.id AND coalesce((t.metadata->'statusEvent'->>'time')::bigint, 0) <= ?
                RETURNING t.id)
            SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM updated)""";

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

    DeliveryStore(TransactionOperations<Connection> transactions, StatusLedger statuses, ContactActivity contacts,
                  ContactIdentities identities) {
        this.transactions = transactions;
        this.statuses = statuses;
        this.contacts = contacts;
        this.identities = identities;
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
                each(connection, careful, message, rejects, () -> storeMessage(connection, message));
            }
            for (Delivery.Status status : delivery.statuses()) {
                each(connection, careful, status, rejects, () -> {
                    statuses.record(status.report());
                    if (teachesTheContact(status)) {
                        contacts.recipientIdentified(status.recipient(), status.username());
                    }
                });
            }
            for (TemplateStatusUpdate update : delivery.templateUpdates()) {
                each(connection, careful, update, rejects, () -> updateTemplate(connection, update));
            }
            for (KeptEvent event : delivery.kept()) {
                each(connection, careful, event, rejects, () -> keep(connection, event));
            }
            for (Reject reject : rejects) {
                reject(connection, reject);
            }
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    private void storeMessage(Connection connection, InboundMessage message) throws SQLException {
        int inserted;
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MESSAGE)) {
            statement.setString(1, Ids.MESSAGE.next());
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
        if (inserted == 1) {
            // Only the transaction that stored the message counts it: a duplicate, even a concurrent
            // one, waited on the wamid's unique index and inserted nothing.
            contacts.inboundMessage(message.sender(), message.username(), message.profileName(), message.sentAt());
            statuses.applyPending(message.whatsappMessageId());
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

    private void updateTemplate(Connection connection, TemplateStatusUpdate update) throws SQLException {
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
                }
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

    private static void each(Connection connection, boolean careful, Item item, List<Reject> rejects, SqlWork work)
            throws SQLException {
        if (!careful) {
            work.run();
            return;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            work.run();
            connection.releaseSavepoint(savepoint);
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

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
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
