package dev.wagateway.webhooks;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * The new secret, shown only here.
 *
 * @param previousSecretValidUntil until then every delivery is signed under both secrets
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RotatedSecret(String id, String secret, Instant previousSecretValidUntil) {
}
