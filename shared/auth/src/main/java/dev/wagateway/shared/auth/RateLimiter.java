package dev.wagateway.shared.auth;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Requests per key per minute, counted in PostgreSQL so the limit is exact across every Lambda
 * instance. One statement per request counts it, and on a key's first request of a minute also
 * writes {@code last_used_at} (so at most once a minute) and prunes the key's old windows.
 */
@Singleton
public class RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration KEPT = Duration.ofMinutes(10);

    private static final String COUNT = """
            WITH counted AS (
                INSERT INTO api_key_usage (api_key_id, window_start, request_count) VALUES (?, ?, 1)
                ON CONFLICT (api_key_id, window_start) DO UPDATE SET request_count = api_key_usage.request_count + 1
                RETURNING request_count),
            touched AS (
                UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (SELECT request_count FROM counted) = 1
                RETURNING 1),
            pruned AS (
                DELETE FROM api_key_usage WHERE api_key_id = ? AND window_start < ? AND (SELECT request_count FROM counted) = 1
                RETURNING 1)
            SELECT request_count FROM counted""";

    /**
     * @param allowed      whether this request is within the limit
     * @param limit        requests allowed per window
     * @param remaining    requests left in this window
     * @param resetSeconds seconds until the window ends
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final JdbcOperations jdbc;
    private final Clock clock;

    public RateLimiter(JdbcOperations jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Connectable
    public Decision count(String keyId, int limitPerMinute) {
        Instant now = clock.instant();
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        int count = jdbc.prepareStatement(COUNT, statement -> {
            statement.setString(1, keyId);
            statement.setTimestamp(2, Timestamp.from(window));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setString(4, keyId);
            statement.setString(5, keyId);
            statement.setTimestamp(6, Timestamp.from(window.minus(KEPT)));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        });
        long resetSeconds = Math.max(1, Duration.between(now, window.plus(WINDOW)).toMillis() / 1000
                + (Duration.between(now, window.plus(WINDOW)).toMillis() % 1000 == 0 ? 0 : 1));
        return new Decision(count <= limitPerMinute, limitPerMinute, Math.max(0, limitPerMinute - count), resetSeconds);
    }
}
