package dev.wagateway.sendmessage;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The first answer per (API key, {@code Idempotency-Key}). {@link #claim} lets exactly one request
 * through (the primary key decides a race); the others get its answer once it is stored, or a 409
 * when the key came with another body or the first request is still running after {@code wait}.
 * A claim still open after {@code abandoned-after} (longer than any Lambda runs) belonged to a
 * request that died: without a message row it never reached Meta and is taken over; with one, the
 * message tells how far it got.
 */
@Singleton
class IdempotencyStore {

    static final ProblemType KEY_REUSED = new ProblemType("idempotency-key-reused", HttpStatus.CONFLICT,
            "The Idempotency-Key was used with another request");
    static final ProblemType IN_PROGRESS = new ProblemType("idempotency-key-in-progress", HttpStatus.CONFLICT,
            "A request with this Idempotency-Key is still being processed");

    /** A stored answer. */
    record Answer(int status, String body) {
    }

    /**
     * What a claim found: nothing (this request holds the key now), the first request's answer, or a
     * first request that died after writing its message and before answering (the message says how far it got).
     */
    record Claim(@Nullable Answer answer, @Nullable String abandonedMessageId) {
        static final Claim HELD = new Claim(null, null);

        boolean held() {
            return answer == null && abandonedMessageId == null;
        }
    }

    private static final String CLAIM = """
            INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (api_key_id, idempotency_key) DO UPDATE SET
                request_hash = EXCLUDED.request_hash, message_id = NULL, response_status = NULL, response_body = NULL,
                created_at = now(), expires_at = EXCLUDED.expires_at
            WHERE idempotency_keys.expires_at < ?
            RETURNING 1""";
    private static final String READ = """
            SELECT request_hash, response_status, response_body, message_id, created_at < ? FROM idempotency_keys
            WHERE api_key_id = ? AND idempotency_key = ?""";
    // A claim with no message row never reached Meta (the row is written first): a later request may take it.
    private static final String TAKE_OVER = """
            UPDATE idempotency_keys SET created_at = now()
            WHERE api_key_id = ? AND idempotency_key = ? AND response_status IS NULL AND message_id IS NULL AND created_at < ?
            RETURNING 1""";
    private static final String PRUNE = """
            DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM idempotency_keys WHERE expires_at < ? LIMIT 500))""";
    private static final Duration POLL = Duration.ofMillis(25);
    private static final int PRUNE_EVERY = 50;

    private final JdbcOperations jdbc;
    private final Clock clock;
    private final Duration retention;
    private final Duration wait;
    private final Duration abandonedAfter;

    IdempotencyStore(JdbcOperations jdbc, Clock clock, IdempotencyConfiguration configuration) {
        Duration retention = configuration.getRetention();
        if (retention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("messages.idempotency.retention must be at least 24 hours");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.wait = configuration.getWait();
        this.abandonedAfter = configuration.getAbandonedAfter();
    }

    /** Whether this request holds the key now, or what to answer instead. */
    @Connectable
    public Claim claim(String apiKeyId, String key, String requestHash) {
        if (tryClaim(apiKeyId, key, requestHash)) {
            return Claim.HELD;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Stored stored = read(apiKeyId, key).orElse(null);
            if (stored == null) {
                // The first request gave the key back (Meta's rate limit): this one may try.
                if (tryClaim(apiKeyId, key, requestHash)) {
                    return Claim.HELD;
                }
                continue;
            }
            if (!stored.requestHash().equals(requestHash)) {
                throw new ProblemException(KEY_REUSED, "This Idempotency-Key was used with a different request body; "
                        + "use a new key for a new message.");
            }
            if (stored.status() != null) {
                return new Claim(new Answer(stored.status(), stored.body()), null);
            }
            if (stored.abandoned()) {
                if (stored.messageId() != null) {
                    return new Claim(null, stored.messageId());
                }
                if (takeOver(apiKeyId, key)) {
                    return Claim.HELD;
                }
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new ProblemException(IN_PROGRESS, "The first request with this Idempotency-Key has not finished"
                        + (stored.messageId() == null ? "" : " (message " + stored.messageId() + ")")
                        + "; ask again later for its answer.", List.of(), Map.of("Retry-After", "1"));
            }
            sleep();
        }
    }

    private boolean takeOver(String apiKeyId, String key) {
        return jdbc.prepareStatement(TAKE_OVER, statement -> {
            statement.setString(1, apiKeyId);
            statement.setString(2, key);
            statement.setTimestamp(3, Timestamp.from(clock.instant().minus(abandonedAfter)));
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        });
    }

    private boolean tryClaim(String apiKeyId, String key, String requestHash) {
        Instant now = clock.instant();
        boolean claimed = jdbc.prepareStatement(CLAIM, statement -> {
            statement.setString(1, apiKeyId);
            statement.setString(2, key);
            statement.setString(3, requestHash);
            statement.setTimestamp(4, Timestamp.from(now.plus(retention)));
            statement.setTimestamp(5, Timestamp.from(now));
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        });
        // Pruning now and then keeps the table small without a statement on every send.
        if (claimed && ThreadLocalRandom.current().nextInt(PRUNE_EVERY) == 0) {
            jdbc.prepareStatement(PRUNE, statement -> {
                statement.setTimestamp(1, Timestamp.from(now));
                return statement.executeUpdate();
            });
        }
        return claimed;
    }

    /** Notes the message the claimed request wrote, so a request that finds it running can name it. */
    @Connectable
    public void attach(String apiKeyId, String key, String messageId) {
        update("UPDATE idempotency_keys SET message_id = ? WHERE api_key_id = ? AND idempotency_key = ?",
                messageId, apiKeyId, key);
    }

    @Connectable
    public void complete(String apiKeyId, String key, Answer answer) {
        jdbc.prepareStatement("""
                UPDATE idempotency_keys SET response_status = ?, response_body = ?
                WHERE api_key_id = ? AND idempotency_key = ?""", statement -> {
            statement.setInt(1, answer.status());
            statement.setString(2, answer.body());
            statement.setString(3, apiKeyId);
            statement.setString(4, key);
            return statement.executeUpdate();
        });
    }

    /** Gives the key back: the request changed nothing at Meta, so the same key may try again. */
    @Connectable
    public void release(String apiKeyId, String key) {
        update("DELETE FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ? AND response_status IS NULL",
                apiKeyId, key);
    }

    private record Stored(String requestHash, @Nullable Integer status, @Nullable String body, @Nullable String messageId,
                          boolean abandoned) {
    }

    private Optional<Stored> read(String apiKeyId, String key) {
        return jdbc.prepareStatement(READ, statement -> {
            statement.setTimestamp(1, Timestamp.from(clock.instant().minus(abandonedAfter)));
            statement.setString(2, apiKeyId);
            statement.setString(3, key);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                int status = result.getInt(2);
                Integer answered = result.wasNull() ? null : status;
                return Optional.of(new Stored(result.getString(1), answered, result.getString(3), result.getString(4),
                        result.getBoolean(5)));
            }
        });
    }

    private void update(String sql, String... values) {
        jdbc.prepareStatement(sql, statement -> {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an idempotent answer", e);
        }
    }
}
