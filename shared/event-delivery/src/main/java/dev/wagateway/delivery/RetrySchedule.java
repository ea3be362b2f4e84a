package dev.wagateway.delivery;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: the configured waits one after another (by default 5 s,
 * 30 s, 2 min, 10 min, 30 min, 1 h), the last repeating, each with random jitter so that a
 * subscriber coming back is not hit by every retry at once; a {@code Retry-After} longer than the
 * wait is honoured. Once the retry window (25 h by default) has passed since the first attempt, the
 * delivery is dead.
 */
@Singleton
public class RetrySchedule {

    private final List<Duration> delays;
    private final Duration window;
    private final double jitter;

    public RetrySchedule(DeliverySettings settings) {
        this(settings.retryDelays(), settings.retryWindow(), settings.jitter());
    }

    RetrySchedule(List<Duration> delays, Duration window, double jitter) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("events.delivery.retry-delays needs at least one wait");
        }
        this.delays = List.copyOf(delays);
        this.window = window;
        this.jitter = jitter;
    }

    /**
     * When to try again after failed attempt number {@code attempt} (from 1), or empty: dead.
     *
     * @param retryAfter what the subscriber asked for (429/503 {@code Retry-After}), if anything
     */
    public Optional<Instant> next(int attempt, Instant firstAttempt, Instant now, @Nullable Duration retryAfter) {
        Duration wait = delays.get(Math.min(attempt, delays.size()) - 1);
        long millis = wait.toMillis();
        if (jitter > 0 && millis > 0) {
            millis = Math.round(millis * (1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter)));
        }
        Duration chosen = Duration.ofMillis(millis);
        if (retryAfter != null && retryAfter.compareTo(chosen) > 0) {
            chosen = retryAfter;
        }
        Instant next = now.plus(chosen);
        Instant deadline = firstAttempt.plus(window);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        // The last try lands at the end of the window rather than past it.
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
