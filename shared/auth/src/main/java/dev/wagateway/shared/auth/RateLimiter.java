package dev.wagateway.shared.auth;

import dev.wagateway.shared.apikey.ApiKeyWriter;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Requests per key per minute, counted in PostgreSQL so the limit is exact across every Lambda
 * instance, in one statement per request ({@link ApiKeyWriter#countRequest}), which on a key's first
 * request of a minute also writes {@code last_used_at} and prunes the key's old windows.
 */
@Singleton
public class RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration KEPT = Duration.ofMinutes(10);

    /**
     * @param allowed      whether this request is within the limit
     * @param limit        requests allowed per window
     * @param remaining    requests left in this window
     * @param resetSeconds seconds until the window ends
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final ApiKeyWriter keys;
    private final Clock clock;

    public RateLimiter(ApiKeyWriter keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Connectable
    public Decision count(String keyId, int limitPerMinute) {
        Instant now = clock.instant();
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        int count = keys.countRequest(keyId, window, now, window.minus(KEPT));
        long resetSeconds = Math.max(1, Duration.between(now, window.plus(WINDOW)).toMillis() / 1000
                + (Duration.between(now, window.plus(WINDOW)).toMillis() % 1000 == 0 ? 0 : 1));
        return new Decision(count <= limitPerMinute, limitPerMinute, Math.max(0, limitPerMinute - count), resetSeconds);
    }
}
