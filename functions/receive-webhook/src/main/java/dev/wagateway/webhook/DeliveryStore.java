package dev.wagateway.webhook;

import dev.wagateway.shared.contact.ContactWriter;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.message.MessageChange;
import dev.wagateway.shared.message.MessageWriter;
import dev.wagateway.shared.message.ReceivedMessage;
import dev.wagateway.shared.template.TemplateWriter;
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
import java.sql.SQLException;
import java.sql.Savepoint;
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
 *
 * <p>The writers write what the delivery changed as events too ({@code message.received},
 * {@code message.status}, {@code template.updated}), in the same transaction (and savepoint): a
 * redelivery, which changes nothing, makes none.
 */
@Singleton
class DeliveryStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStore.class);
    private static final int ATTEMPTS = 4;

    private static final String INSERT_KEPT = """
            INSERT INTO webhook_kept_events (kind, field, waba_id, phone_number_id, payload)
            VALUES (?, ?, ?, ?, CAST(? AS jsonb))
            ON CONFLICT (kind, md5(payload::text)) DO NOTHING""";

    private static final String INSERT_REJECT = """
            INSERT INTO webhook_rejects (kind, reason, item_json, phone_number_id)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (kind, md5(item_json)) DO NOTHING""";

    private final TransactionOperations<Connection> transactions;
    private final MessageWriter messages;
    private final ContactWriter contacts;
    private final TemplateWriter templates;

    DeliveryStore(TransactionOperations<Connection> transactions, MessageWriter messages, ContactWriter contacts,
                  TemplateWriter templates) {
        this.transactions = transactions;
        this.messages = messages;
        this.contacts = contacts;
        this.templates = templates;
    }

    /**
     * Stores the delivery or throws; {@link NotStored} when the database stopped it (the caller
     * answers 503, so Meta delivers it again), anything else as it came.
     */
    void store(Delivery delivery) {
        try {
            storeWithRetries(delivery);
        } catch (RuntimeException e) {
            SQLException cause = sqlCause(e);
            if (cause == null) {
                throw e;
            }
            throw new NotStored(cause);
        }
    }

    /**
     * Every statement of storing {@code delivery}, in a transaction that is then rolled back: nothing is left in the
     * database, and no event is sent (the outbox sends only after a commit). For the SnapStart priming, so that the
     * store's code (the transaction, the writers, the driver's statements) is loaded and compiled inside the snapshot.
     */
    void storeAndRollBack(Delivery delivery) {
        try {
            transactions.executeWrite(status -> {
                write(status.getConnection(), delivery, false);
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // What was asked for.
        }
    }

    /** Thrown out of the transaction's callback: Micronaut rolls the transaction back and rethrows it. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back on purpose", null, false, false);
        }
    }

    private void storeWithRetries(Delivery delivery) {
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
            if (!careful && isOneStatusAlone(delivery)) {
                // Most deliveries: its wamid's lock and its record in one round trip (then its event, the commit).
                Delivery.Status status = delivery.statuses().getFirst();
                messages.lockAndRecord(status.report(), status.recipient(), status.phoneNumberId());
                storeTheRest(connection, delivery, careful, rejects);
                return;
            }
            Set<String> wamids = new TreeSet<>();
            delivery.messages().forEach(m -> wamids.add(m.whatsappMessageId()));
            delivery.statuses().forEach(s -> wamids.add(s.report().whatsappMessageId()));
            delivery.changes().forEach(c -> wamids.add(c.originalWamid()));
            messages.lock(wamids);
            // Every customer's contact locks in one sorted pass: two deliveries with messages of the
            // same customers never wait on each other in opposite orders.
            List<WhatsAppUser> customers = new ArrayList<>();
            delivery.messages().forEach(m -> customers.add(m.sender()));
            delivery.statuses().stream().filter(DeliveryStore::teachesTheContact).forEach(s -> customers.add(s.recipient()));
            contacts.lock(customers);
            List<InboundMessage> received = delivery.messages().stream()
                    .sorted(Comparator.comparing((InboundMessage m) -> m.sender().sortKey()).thenComparing(InboundMessage::sentAt))
                    .toList();
            for (InboundMessage message : received) {
                each(connection, careful, message, rejects, () -> storeMessage(message));
            }
            // After the messages: an edit may name a message of the same delivery.
            for (Delivery.MessageChange change : delivery.changes()) {
                each(connection, careful, change, rejects, () -> applyChange(connection, change));
            }
            for (Delivery.Status status : delivery.statuses()) {
                each(connection, careful, status, rejects, () -> {
                    messages.record(status.report(), status.recipient(), status.phoneNumberId());
                    if (teachesTheContact(status)) {
                        contacts.recipientIdentified(status.recipient(), status.username());
                    }
                });
            }
            storeTheRest(connection, delivery, careful, rejects);
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    /** One status, and no message, change or status that locks another wamid or a contact. */
    private static boolean isOneStatusAlone(Delivery delivery) {
        return delivery.statuses().size() == 1 && delivery.messages().isEmpty() && delivery.changes().isEmpty()
                && !teachesTheContact(delivery.statuses().getFirst());
    }

    /** What locks no wamid: template updates, kept events, rejects. */
    private void storeTheRest(Connection connection, Delivery delivery, boolean careful, List<Reject> rejects) throws SQLException {
        for (TemplateStatusUpdate update : delivery.templateUpdates()) {
            each(connection, careful, update, rejects, () -> updateTemplate(connection, update));
        }
        for (KeptEvent event : delivery.kept()) {
            each(connection, careful, event, rejects, () -> keep(connection, event));
        }
        for (Reject reject : rejects) {
            reject(connection, reject);
        }
    }

    private void storeMessage(InboundMessage message) throws SQLException {
        messages.storeReceived(new ReceivedMessage(message.whatsappMessageId(), message.sender(), message.username(),
                message.profileName(), message.type(), message.content(), message.caption(), message.mediaUrl(),
                message.sentAt(), message.phoneNumberId(), message.metadataJson(), message.rawJson()));
    }

    /** An edit or revoke changes its message and counts nothing; one naming a message not stored here is kept. */
    private void applyChange(Connection connection, Delivery.MessageChange change) throws SQLException {
        if (!messages.applyChange(new MessageChange(change.kind().equals("edit"), change.whatsappMessageId(),
                change.originalWamid(), change.content(), change.caption(), change.at(), change.rawJson()))) {
            keep(connection, new KeptEvent("unmatched_message_change", "messages", null, change.phoneNumberId(), change.rawJson()));
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
        boolean found = switch (update.change()) {
            case "status" -> templates.applyStatusEvent(update.templateId(), update.name(), update.language(), update.value(),
                    update.eventJson(), update.eventTime());
            default -> templates.applyWebhookChange(update.change(), update.templateId(), update.name(), update.language(),
                    update.value(), update.eventJson(), update.eventTime());
        };
        if (!found) {
            // Not ours (yet): kept, so a later template sync can still learn of it.
            keep(connection, new KeptEvent("unmatched_template_" + update.change(), update.field(), update.wabaId(), null,
                    update.changeJson()));
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

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** The database did not store the delivery (down, refused, or out of retries); nothing of it was kept. */
    static final class NotStored extends RuntimeException {
        private final String sqlState;

        NotStored(SQLException cause) {
            super(cause.getMessage(), cause);
            this.sqlState = cause.getSQLState();
        }

        String sqlState() {
            return sqlState;
        }
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
