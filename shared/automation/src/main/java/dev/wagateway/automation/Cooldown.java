package dev.wagateway.automation;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;

/** A rule answers one contact at most once per period: a customer typing twice gets one answer. */
public record Cooldown(Duration period) {

    /** Whether a rule that last answered this contact at {@code lastAnswered} (null: never) is still cooling down. */
    public boolean cooling(@Nullable Instant lastAnswered, Instant now) {
        return lastAnswered != null && !period.isZero() && lastAnswered.plus(period).isAfter(now);
    }
}
