package dev.wagateway.shared.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code db.*}.
 *
 * @param secretArn the RDS-generated secret with the database's {@code username} and {@code password}
 *                  ({@code DB_SECRET_ARN}); unset in tests and the local run
 */
@ConfigurationProperties("db")
public record DatabaseSecretConfiguration(@Nullable String secretArn) {
}
