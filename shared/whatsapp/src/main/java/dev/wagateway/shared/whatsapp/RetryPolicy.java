package dev.wagateway.shared.whatsapp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with jittered exponential backoff: at most {@code maxAttempts} calls, and no
 * wait that would end past {@code budget} after the first call, so retries fit in the Lambda's time.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("whatsapp.graph.max-attempts must be at least 1");
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}: half the exponential step plus a random half,
     * so retries from many Lambdas do not arrive at Meta in step.
     */
    public Duration backoff(int attempt) {
        long step = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Whether another attempt may follow {@code attempt}, waiting {@code wait}, {@code elapsed} after the first began. */
    public boolean allowsAnother(int attempt, Duration elapsed, Duration wait) {
        return allowsAnother(attempt, elapsed, wait, budget);
    }

    /** The same, within {@code limit} when that is tighter than the budget (what the Lambda invocation has left). */
    public boolean allowsAnother(int attempt, Duration elapsed, Duration wait, Duration limit) {
        Duration bound = limit.compareTo(budget) < 0 ? limit : budget;
        return attempt < maxAttempts && elapsed.plus(wait).compareTo(bound) < 0;
    }
}
