package dev.wagateway.sendmessage;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.context.annotation.Value;
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

    private static final String CLAIM = """
            INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (api_key_id, idempotency_key) DO UPDATE SET
                request_hash = EXCLUDED.request_hash, message_id = NULL, response_status = NULL, response_body = NULL,
                created_at = now(), expires_at = EXCLUDED.expires_at
            WHERE idempotency_keys.expires_at < ?
            RETURNING 1""";
    private static final String READ = """
            SELECT request_hash, response_status, response_body, message_id FROM idempotency_keys
            WHERE api_key_id = ? AND idempotency_key = ?""";
    private static final String PRUNE = """
            DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM idempotency_keys WHERE expires_at < ? LIMIT 500))""";
    private static final Duration POLL = Duration.ofMillis(25);
    private static final int PRUNE_EVERY = 50;

    private final JdbcOperations jdbc;
    private final Clock clock;
    private final Duration retention;
    private final Duration wait;

    IdempotencyStore(JdbcOperations jdbc, Clock clock, @Value("${messages.idempotency.retention:25h}") Duration retention,
                     @Value("${messages.idempotency.wait:10s}") Duration wait) {
        if (retention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("messages.idempotency.retention must be at least 24 hours");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.wait = wait;
    }

    /** Empty when this request holds the key now; else the first request's answer to give again. */
    @Connectable
    public Optional<Answer> claim(String apiKeyId, String key, String requestHash) {
        if (tryClaim(apiKeyId, key, requestHash)) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Stored stored = read(apiKeyId, key).orElse(null);
            if (stored == null) {
                // The first request gave the key back (Meta's rate limit): this one may try.
                if (tryClaim(apiKeyId, key, requestHash)) {
                    return Optional.empty();
                }
                continue;
            }
            if (!stored.requestHash().equals(requestHash)) {
                throw new ProblemException(KEY_REUSED, "This Idempotency-Key was used with a different request body; "
                        + "use a new key for a new message.");
            }
            if (stored.status() != null) {
                return Optional.of(new Answer(stored.status(), stored.body()));
            }
            if (System.nanoTime() > deadline) {
                throw new ProblemException(IN_PROGRESS, "The first request with this Idempotency-Key has not finished"
                        + (stored.messageId() == null ? "" : " (message " + stored.messageId() + ")")
                        + "; ask again later for its answer.", List.of(), Map.of("Retry-After", "1"));
            }
            sleep();
        }
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

    private record Stored(String requestHash, @Nullable Integer status, @Nullable String body, @Nullable String messageId) {
    }

    private Optional<Stored> read(String apiKeyId, String key) {
        return jdbc.prepareStatement(READ, statement -> {
            statement.setString(1, apiKeyId);
            statement.setString(2, key);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                int status = result.getInt(2);
                Integer answered = result.wasNull() ? null : status;
                return Optional.of(new Stored(result.getString(1), answered, result.getString(3), result.getString(4)));
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
