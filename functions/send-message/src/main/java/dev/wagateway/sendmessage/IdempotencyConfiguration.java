package dev.wagateway.sendmessage;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code messages.idempotency.*} (defaults in this function's {@code application.properties}, and only there).
 * An interface, not a record: a record cannot have a component named {@code wait}.
 */
@ConfigurationProperties("messages.idempotency")
public interface IdempotencyConfiguration {

    /** How long an Idempotency-Key's answer is kept (at least 24 hours). */
    @NotNull
    Duration getRetention();

    /** How long a request waits for the answer of an identical request still in flight. */
    @NotNull
    Duration getWait();

    /** A claim older than this belonged to a request that died. */
    @NotNull
    Duration getAbandonedAfter();
}
