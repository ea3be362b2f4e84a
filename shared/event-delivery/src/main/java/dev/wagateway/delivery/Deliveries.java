package dev.wagateway.delivery;

import dev.wagateway.events.OutboxWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one writer of {@code event_deliveries} and {@code event_delivery_attempts}: which event goes
 * to which subscription, the state of each, and every attempt as it went. (It reads {@code events};
 * their writer is {@link OutboxWriter}.)
 */
@Singleton
public class Deliveries {

    /** An event the dispatcher has not fanned out yet. */
    public record Unrouted(String eventId, String type, @Nullable String phoneNumberId, @Nullable String webhookId) {
    }

    /** An event and a subscription. */
    public record Target(String eventId, String webhookId) {
    }

    /** A delivery this worker holds for one attempt (until its lease runs out). */
    public record Claimed(long id, String eventId, String webhookId, int attempt, Instant firstAttemptAt) {
    }

    /**
     * How an attempt ended and what comes next.
     *
     * @param attempted false when nothing was sent (the subscription or the event is gone): no attempt is logged
     */
    public record Outcome(Claimed delivery, Instant attemptedAt, SubscriberClient.Answer answer, String state,
                          @Nullable Instant nextAttemptAt, boolean attempted) {
    }

    /** One attempt as the API lists it. */
    public record Attempt(long id, String eventId, String webhookId, int attempt, Instant attemptedAt,
                          @Nullable Integer statusCode, long durationMs, @Nullable String error,
                          @Nullable String responseExcerpt, String deliveryState) {
    }

    private static final String UNROUTED = "SELECT id, type, phone_number_id, webhook_id FROM events"
            + " WHERE id = ANY(CAST(? AS text[])) AND fanned_out_at IS NULL";

    private static final String INSERT = "INSERT INTO event_deliveries (event_id, webhook_id)"
            + " SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[])) ON CONFLICT ON CONSTRAINT event_deliveries_once DO NOTHING";

    // A delivery may be attempted a little before it is due: a delayed SQS message can arrive a moment early.
    private static final String CLAIM = """
            UPDATE event_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + CAST(? AS interval),
                                          first_attempt_at = coalesce(d.first_attempt_at, now())
            WHERE d.state = 'pending' AND d.next_attempt_at <= now() + interval '2 seconds'
              AND (d.event_id = ANY(CAST(? AS text[]))
                   OR (d.event_id, d.webhook_id) IN (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]))))
            RETURNING d.id, d.event_id, d.webhook_id, d.attempts, d.first_attempt_at""";

    private static final String RECORD_ATTEMPT = "INSERT INTO event_delivery_attempts (delivery_id, event_id, webhook_id, attempt,"
            + " attempted_at, status_code, duration_ms, error, response_excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String RECORD_STATE = "UPDATE event_deliveries SET state = ?, next_attempt_at = coalesce(?, next_attempt_at),"
            + " last_attempt_at = ?, last_status_code = ?, last_error = ?,"
            + " delivered_at = CASE WHEN ? = 'delivered' THEN CAST(? AS timestamptz) ELSE delivered_at END"
            // Only the claim this attempt made: a redelivery or replay that reset the delivery meanwhile wins.
            + " WHERE id = ? AND state = 'pending' AND attempts = ?";

    private static final String OVERDUE = "SELECT event_id, webhook_id FROM event_deliveries WHERE state = 'pending'"
            + " AND next_attempt_at < ? ORDER BY next_attempt_at LIMIT ?";

    private static final String NOT_FANNED_OUT = "SELECT id FROM events WHERE fanned_out_at IS NULL AND created_at < ?"
            + " ORDER BY created_at LIMIT ?";

    // Again from the start: a fresh retry schedule.
    private static final String RESET = """
            INSERT INTO event_deliveries (event_id, webhook_id)
            SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]))
            ON CONFLICT ON CONSTRAINT event_deliveries_once DO UPDATE SET state = 'pending', attempts = 0,
                next_attempt_at = now(), first_attempt_at = NULL
            WHERE event_deliveries.state <> 'pending' OR event_deliveries.next_attempt_at > now() + interval '1 second'
            RETURNING event_id, webhook_id""";

    // By the time each id carries (OutboxWriter.firstIdAt): the primary key answers it.
    private static final String EVENTS_IN_RANGE = "SELECT id, type, phone_number_id, webhook_id FROM events"
            + " WHERE id >= ? AND id < ? ORDER BY id LIMIT ?";

    private static final String EVENT = "SELECT id, type, phone_number_id, webhook_id FROM events WHERE id = ?";

    private static final String ATTEMPTS = """
            SELECT a.id, a.event_id, a.webhook_id, a.attempt, a.attempted_at, a.status_code, a.duration_ms, a.error,
                   a.response_excerpt, d.state
            FROM event_delivery_attempts a JOIN event_deliveries d ON d.id = a.delivery_id
            WHERE a.webhook_id = ? AND (CAST(? AS bigint) IS NULL OR a.id < ?)
              AND (CAST(? AS text) IS NULL OR d.state = ?)
            ORDER BY a.id DESC LIMIT ?""";

    private static final String DEAD = "SELECT count(*) FROM event_deliveries WHERE state = 'dead' AND updated_at >= ?";

    private static final String CANCEL_PENDING = "UPDATE event_deliveries SET state = 'cancelled', last_error = ?"
            + " WHERE webhook_id = ? AND state = 'pending'";

    private static final String DELETE_ATTEMPTS = "DELETE FROM event_delivery_attempts WHERE id IN"
            + " (SELECT id FROM event_delivery_attempts WHERE attempted_at < ? ORDER BY attempted_at LIMIT ?)";

    private final JdbcOperations jdbc;
    private final OutboxWriter outbox;

    public Deliveries(JdbcOperations jdbc, OutboxWriter outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** Of these events, those no worker has fanned out yet. */
    @Connectable
    public List<Unrouted> unrouted(Collection<String> eventIds) {
        return jdbc.prepareStatement(UNROUTED, statement -> {
            statement.setArray(1, textArray(statement, eventIds));
            return readUnrouted(statement);
        });
    }

    /** The event's routing facts, if it is kept. */
    @Connectable
    public java.util.Optional<Unrouted> event(String eventId) {
        return jdbc.prepareStatement(EVENT, statement -> {
            statement.setString(1, eventId);
            List<Unrouted> found = readUnrouted(statement);
            return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.getFirst());
        });
    }

    /** Makes the deliveries (once each) and marks the events fanned out, in one transaction. */
    @Transactional
    public void fanOut(Collection<String> eventIds, List<Target> targets) {
        jdbc.prepareStatement(INSERT, statement -> {
            statement.setArray(1, textArray(statement, targets.stream().map(Target::eventId).toList()));
            statement.setArray(2, textArray(statement, targets.stream().map(Target::webhookId).toList()));
            return statement.executeUpdate();
        });
        try {
            outbox.markFannedOut(eventIds);
        } catch (SQLException e) {
            throw new io.micronaut.data.exceptions.DataAccessException("Could not mark events fanned out: " + e.getMessage(), e);
        }
    }

    /**
     * Claims every due pending delivery of {@code eventIds} and the given {@code targets} for one
     * attempt each: a delivery claimed by one worker is not due for another until {@code lease} passes.
     */
    @Connectable
    public List<Claimed> claim(Collection<String> eventIds, Collection<Target> targets, Duration lease) {
        return jdbc.prepareStatement(CLAIM, statement -> {
            statement.setString(1, lease.toMillis() + " milliseconds");
            statement.setArray(2, textArray(statement, eventIds));
            statement.setArray(3, textArray(statement, targets.stream().map(Target::eventId).toList()));
            statement.setArray(4, textArray(statement, targets.stream().map(Target::webhookId).toList()));
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    claimed.add(new Claimed(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4), r.getTimestamp(5).toInstant()));
                }
            }
            return claimed;
        });
    }

    /** Each attempt's row and its delivery's new state, in the caller's transaction. */
    public void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(RECORD_ATTEMPT, statement -> {
            for (Outcome o : outcomes) {
                if (!o.attempted()) {
                    continue;
                }
                statement.setLong(1, o.delivery().id());
                statement.setString(2, o.delivery().eventId());
                statement.setString(3, o.delivery().webhookId());
                statement.setInt(4, o.delivery().attempt());
                statement.setTimestamp(5, Timestamp.from(o.attemptedAt()));
                setInteger(statement, 6, o.answer().statusCode());
                statement.setLong(7, o.answer().durationMs());
                statement.setString(8, o.answer().error());
                statement.setString(9, withoutNul(o.answer().excerpt()));
                statement.addBatch();
            }
            return statement.executeBatch();
        });
        jdbc.prepareStatement(RECORD_STATE, statement -> {
            for (Outcome o : outcomes) {
                statement.setString(1, o.state());
                statement.setTimestamp(2, o.nextAttemptAt() == null ? null : Timestamp.from(o.nextAttemptAt()));
                statement.setTimestamp(3, Timestamp.from(o.attemptedAt()));
                setInteger(statement, 4, o.answer().statusCode());
                statement.setString(5, o.answer().error());
                statement.setString(6, o.state());
                statement.setTimestamp(7, Timestamp.from(o.attemptedAt()));
                statement.setLong(8, o.delivery().id());
                statement.setInt(9, o.delivery().attempt());
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    /** The subscription went away: its pending deliveries will not be attempted. In the caller's transaction. */
    public int cancelPending(String webhookId, String reason) {
        return jdbc.prepareStatement(CANCEL_PENDING, statement -> {
            statement.setString(1, reason);
            statement.setString(2, webhookId);
            return statement.executeUpdate();
        });
    }

    /** Pending deliveries due before {@code before} (no worker took them up in time). */
    @Connectable
    public List<Target> overdue(Instant before, int limit) {
        return jdbc.prepareStatement(OVERDUE, statement -> {
            statement.setTimestamp(1, Timestamp.from(before));
            statement.setInt(2, limit);
            List<Target> targets = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    targets.add(new Target(r.getString(1), r.getString(2)));
                }
            }
            return targets;
        });
    }

    /** Events written before {@code before} that no worker fanned out. */
    @Connectable
    public List<String> notFannedOut(Instant before, int limit) {
        return jdbc.prepareStatement(NOT_FANNED_OUT, statement -> {
            statement.setTimestamp(1, Timestamp.from(before));
            statement.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        });
    }

    /**
     * Makes each target pending again, due now, with a fresh retry schedule (a delivery that does not
     * exist yet is made); answers the targets that were reset.
     */
    @Transactional
    public List<Target> reset(List<Target> targets) {
        if (targets.isEmpty()) {
            return List.of();
        }
        return jdbc.prepareStatement(RESET, statement -> {
            statement.setArray(1, textArray(statement, targets.stream().map(Target::eventId).toList()));
            statement.setArray(2, textArray(statement, targets.stream().map(Target::webhookId).toList()));
            List<Target> reset = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    reset.add(new Target(r.getString(1), r.getString(2)));
                }
            }
            return reset;
        });
    }

    /** Events written in [from, to) (the time in their ids), oldest first, at most {@code limit}. */
    @Connectable
    public List<Unrouted> eventsBetween(Instant from, Instant to, int limit) {
        return jdbc.prepareStatement(EVENTS_IN_RANGE, statement -> {
            statement.setString(1, OutboxWriter.firstIdAt(from));
            statement.setString(2, OutboxWriter.firstIdAt(to));
            statement.setInt(3, limit);
            return readUnrouted(statement);
        });
    }

    /** A subscription's attempts, newest first, before attempt {@code beforeId}; optionally only of deliveries in {@code state}. */
    @Connectable
    public List<Attempt> attempts(String webhookId, @Nullable Long beforeId, @Nullable String state, int limit) {
        return jdbc.prepareStatement(ATTEMPTS, statement -> {
            statement.setString(1, webhookId);
            setLong(statement, 2, beforeId);
            setLong(statement, 3, beforeId);
            statement.setString(4, state);
            statement.setString(5, state);
            statement.setInt(6, limit);
            List<Attempt> attempts = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    int code = r.getInt(6);
                    Integer statusCode = r.wasNull() ? null : code;
                    attempts.add(new Attempt(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4),
                            r.getTimestamp(5).toInstant(), statusCode, r.getLong(7), r.getString(8), r.getString(9), r.getString(10)));
                }
            }
            return attempts;
        });
    }

    /** Deliveries that died since {@code since}. */
    @Connectable
    public long deadSince(Instant since) {
        return jdbc.prepareStatement(DEAD, statement -> {
            statement.setTimestamp(1, Timestamp.from(since));
            try (ResultSet r = statement.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** Deletes up to {@code batch} attempts made before {@code cutoff}; answers how many. */
    @Transactional
    public int deleteAttemptsBefore(Instant cutoff, int batch) {
        return jdbc.prepareStatement(DELETE_ATTEMPTS, statement -> {
            statement.setTimestamp(1, Timestamp.from(cutoff));
            statement.setInt(2, batch);
            return statement.executeUpdate();
        });
    }

    private static List<Unrouted> readUnrouted(PreparedStatement statement) throws SQLException {
        List<Unrouted> events = new ArrayList<>();
        try (ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                events.add(new Unrouted(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
            }
        }
        return events;
    }

    private static Array textArray(PreparedStatement statement, Collection<String> values) throws SQLException {
        return statement.getConnection().createArrayOf("text", values.toArray());
    }

    private static void setInteger(PreparedStatement statement, int index, @Nullable Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** PostgreSQL text cannot hold U+0000; a subscriber's answer may. */
    private static @Nullable String withoutNul(@Nullable String text) {
        return text == null ? null : text.replace("\u0000", "\uFFFD");
    }
}
