package dev.wagateway.events;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidCreator;
import io.micronaut.data.connection.ConnectionStatus;
import io.micronaut.data.connection.ConnectionSynchronization;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Inserts events into the outbox in the caller's transaction (the one that makes the change they
 * describe: the table's writer calls this), and once that transaction commits (and its connection is
 * back in the pool) sends their ids to the event queue, all of the transaction's events in one send. Rolled back, the events go with the
 * change and nothing is sent.
 *
 * <p>One statement whatever the number of events: it takes the conversations' next sequence numbers
 * (rows locked in conversation order, so two writers never wait on each other in opposite orders) and
 * inserts the events; one event alone (most transactions) by a plainer statement of the same effect.
 */
@Singleton
public class OutboxWriter {

    public static final String ID_PREFIX = "evt_";

    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    /**
     * One statement: counts each conversation's events, takes that many sequence numbers from its
     * {@code event_sequences} row (rows locked in conversation order), and inserts the events, numbered in
     * their order within the batch. One round trip per transaction's events, however many.
     */
    private static final String INSERT = """
            WITH batch AS (
                SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                                     CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                                     CAST(? AS jsonb[])) WITH ORDINALITY
                    AS b(id, type, phone_number_id, conversation, contact_id, message_id, template_id, webhook_id, data, position)),
            taken AS (
                INSERT INTO event_sequences (conversation, last_sequence)
                SELECT conversation, count(*) FROM batch WHERE conversation IS NOT NULL
                GROUP BY conversation ORDER BY conversation
                ON CONFLICT (conversation) DO UPDATE SET last_sequence = event_sequences.last_sequence + EXCLUDED.last_sequence
                RETURNING conversation, last_sequence)
            INSERT INTO events (id, type, phone_number_id, conversation, sequence, contact_id, message_id, template_id,
                                webhook_id, data)
            SELECT b.id, b.type, b.phone_number_id, b.conversation,
                   taken.last_sequence - count(*) OVER (PARTITION BY b.conversation)
                       + row_number() OVER (PARTITION BY b.conversation ORDER BY b.position),
                   b.contact_id, b.message_id, b.template_id, b.webhook_id, b.data
            FROM batch b LEFT JOIN taken ON taken.conversation = b.conversation
            ORDER BY b.position""";

    /**
     * {@link #INSERT} for one event (most transactions write one): the same sequence number and row, with plain
     * parameters instead of nine arrays to encode and unnest, through a function (V59) that PostgreSQL plans once
     * per connection (an unnamed statement is planned at every call; the driver names none, for RDS Proxy).
     */
    private static final String INSERT_ONE = "SELECT events_insert_one(?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;
    private final EventQueue queue;

    public OutboxWriter(TransactionOperations<Connection> transactions, JsonMapper json, EventQueue queue) {
        this.transactions = transactions;
        this.json = json;
        this.queue = queue;
    }

    /** A new event id: time-ordered, so the outbox grows at the right edge of its index. */
    public static String nextId() {
        return ID_PREFIX + UlidCreator.getMonotonicUlid();
    }

    /**
     * The lowest id an event written at {@code time} can have: an event's id carries the millisecond it was
     * written, so {@code id < firstIdAt(t)} is "written before t", answered by the primary key (the outbox keeps no
     * index on created_at: one index entry fewer for every event written).
     */
    public static String firstIdAt(java.time.Instant time) {
        // A ULID holds the milliseconds from 1970 to about 10889 (48 bits): a time outside is held to the nearest end
        // (a replay from 1900 starts at the first event; Ulid.min would throw), not refused.
        long millis = time.isBefore(java.time.Instant.EPOCH) ? 0
                : time.isAfter(LAST_ULID_TIME) ? LAST_ULID_TIME.toEpochMilli() : time.toEpochMilli();
        return ID_PREFIX + Ulid.min(millis);
    }

    private static final java.time.Instant LAST_ULID_TIME = java.time.Instant.ofEpochMilli((1L << 48) - 1);

    /** {@link #write(List)} of one event. */
    public String write(NewEvent event) throws SQLException {
        return write(List.of(event)).getFirst();
    }

    /**
     * Writes the events in the current transaction and answers their ids, in order.
     *
     * @throws IllegalStateException when there is no transaction: an event must commit with its change
     */
    public List<String> write(List<NewEvent> events) throws SQLException {
        return write(events, true);
    }

    /**
     * {@link #write(List)}; with {@code publish} false the ids are not sent after commit (the caller
     * delivers the event itself, as the subscription test does; the sweeper still covers it).
     */
    public List<String> write(List<NewEvent> events, boolean publish) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        TransactionStatus<?> status = transactions.findTransactionStatus()
                .orElseThrow(() -> new IllegalStateException("Events are written in the transaction of their change; there is none"));
        Connection connection = transactions.getConnection();
        if (events.size() == 1) {
            String id = insertOne(connection, events.getFirst());
            if (publish) {
                afterCommit(status).add(id);
            }
            return List.of(id);
        }
        int size = events.size();
        String[] ids = new String[size];
        String[] types = new String[size];
        String[] phoneNumberIds = new String[size];
        String[] conversations = new String[size];
        String[] contactIds = new String[size];
        String[] messageIds = new String[size];
        String[] templateIds = new String[size];
        String[] webhookIds = new String[size];
        String[] data = new String[size];
        for (int i = 0; i < size; i++) {
            NewEvent event = events.get(i);
            ids[i] = nextId();
            types[i] = event.type().wireName();
            phoneNumberIds[i] = event.phoneNumberId();
            conversations[i] = event.conversation();
            contactIds[i] = event.contactId();
            messageIds[i] = event.messageId();
            templateIds[i] = event.templateId();
            webhookIds[i] = event.webhookId();
            data[i] = serialise(event.data());
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.setArray(2, connection.createArrayOf("text", types));
            statement.setArray(3, connection.createArrayOf("text", phoneNumberIds));
            statement.setArray(4, connection.createArrayOf("text", conversations));
            statement.setArray(5, connection.createArrayOf("text", contactIds));
            statement.setArray(6, connection.createArrayOf("text", messageIds));
            statement.setArray(7, connection.createArrayOf("text", templateIds));
            statement.setArray(8, connection.createArrayOf("text", webhookIds));
            statement.setArray(9, connection.createArrayOf("jsonb", data));
            statement.executeUpdate();
        }
        List<String> written = List.of(ids);
        if (publish) {
            afterCommit(status).addAll(written);
        }
        return written;
    }

    private String insertOne(Connection connection, NewEvent event) throws SQLException {
        String id = nextId();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ONE)) {
            statement.setString(1, id);
            statement.setString(2, event.type().wireName());
            statement.setString(3, event.phoneNumberId());
            statement.setString(4, event.conversation());
            statement.setString(5, event.contactId());
            statement.setString(6, event.messageId());
            statement.setString(7, event.templateId());
            statement.setString(8, event.webhookId());
            statement.setString(9, serialise(event.data()));
            try (ResultSet inserted = statement.executeQuery()) {
                if (!inserted.next() || inserted.getInt(1) != 1) {
                    throw new SQLException("The event " + id + " was not inserted");
                }
            }
        }
        return id;
    }

    /**
     * The ids this transaction sends once it commits. The writers of one transaction (a webhook delivery's
     * messages and statuses, each written by its table's writer) share one list, and so one SQS call.
     */
    private List<String> afterCommit(TransactionStatus<?> status) {
        Pending pending = PENDING.get();
        if (pending != null && pending.status() == status) {
            return pending.ids();
        }
        Pending fresh = new Pending(status, new ArrayList<>(), new AtomicBoolean());
        PENDING.set(fresh);
        Runnable send = () -> queue.publish(fresh.ids().stream().map(EventMessage::fanOut).toList());
        ConnectionStatus<?> connection = status.getConnectionStatus();
        status.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                fresh.committed().set(true);
                if (!connection.isNew()) {
                    send.run();
                }
            }

            @Override
            public void afterCompletion(Status completion) {
                if (PENDING.get() == fresh) {
                    PENDING.remove();
                }
            }
        });
        if (connection.isNew()) {
            // Sent once the connection is back in the pool: a request waiting for SQS must not hold one of the
            // pool's few connections (with it held, the SQS round trip, not the database, bounded the ingestion).
            connection.registerSynchronization(new ConnectionSynchronization() {
                @Override
                public void afterClosed() {
                    if (fresh.committed().get()) {
                        send.run();
                    }
                }
            });
        }
        return fresh.ids();
    }

    /** The ids waiting for {@code status}'s commit (a transaction runs on one thread). */
    private record Pending(TransactionStatus<?> status, List<String> ids, AtomicBoolean committed) {
    }

    /**
     * The dispatcher made these events' deliveries: the sweeper no longer sends them. In the caller's
     * transaction, the one that makes the deliveries.
     */
    public void markFannedOut(java.util.Collection<String> eventIds) throws SQLException {
        Connection connection = transactions.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE events SET fanned_out_at = now() WHERE id = ANY(CAST(? AS text[])) AND fanned_out_at IS NULL")) {
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            statement.executeUpdate();
        }
    }

    /**
     * Deletes up to {@code batch} events written before {@code cutoff} (their deliveries and attempts
     * go with them), oldest first, in the caller's transaction; answers how many.
     */
    public int deleteWrittenBefore(java.time.Instant cutoff, int batch) throws SQLException {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(
                "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id < ? ORDER BY id LIMIT ?)")) {
            statement.setString(1, firstIdAt(cutoff));
            statement.setInt(2, batch);
            return statement.executeUpdate();
        }
    }

    private String serialise(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
