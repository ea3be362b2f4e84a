package dev.wagateway.shared.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code aws.secrets-manager.*}.
 *
 * @param endpointOverride where the client goes instead of the region's endpoint (a VPC endpoint, a fake in tests)
 */
@ConfigurationProperties("aws.secrets-manager")
public record SecretsManagerConfiguration(@Nullable String endpointOverride) {
}
