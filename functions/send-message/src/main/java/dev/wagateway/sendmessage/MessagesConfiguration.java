package dev.wagateway.sendmessage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;

/**
 * {@code messages.*} (defaults in this function's {@code application.properties}, and only there).
 *
 * @param defaultRegion the region (ISO 3166 code) of numbers written without a country code; empty:
 *                      such numbers are refused
 */
@ConfigurationProperties("messages")
public record MessagesConfiguration(@Nullable @Pattern(regexp = "|[A-Za-z]{2}") String defaultRegion) {
}
