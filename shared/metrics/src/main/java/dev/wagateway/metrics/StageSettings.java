package dev.wagateway.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The stage the functions run in ({@code wa-gateway.stage}, {@code WA_GATEWAY_STAGE} in AWS): the Stage
 * dimension of every metric, which the stage's alarms select on.
 */
@ConfigurationProperties("wa-gateway")
public record StageSettings(@Bindable(defaultValue = "local") String stage) {
}
