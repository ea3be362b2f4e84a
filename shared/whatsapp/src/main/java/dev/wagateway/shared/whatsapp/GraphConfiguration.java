package dev.wagateway.shared.whatsapp;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code whatsapp.graph.*}: Meta's Graph API and the retries of a call to it. The defaults are in
 * {@code wa-gateway-whatsapp-defaults.properties}, and only there; the HTTP client's timeouts are its
 * {@code connect-timeout} and {@code read-timeout}.
 *
 * @param baseUrl        the Graph API with its version ({@code https://graph.facebook.com/v26.0})
 * @param maxAttempts    calls in all, the first included
 * @param initialBackoff the first wait between two calls (doubled each time, jittered)
 * @param maxBackoff     the longest wait
 * @param retryBudget    how long all calls may take together, kept inside the Lambda timeout
 */
@ConfigurationProperties("whatsapp.graph")
public record GraphConfiguration(@NotBlank String baseUrl,
                                 @Min(1) int maxAttempts,
                                 @NotNull Duration initialBackoff,
                                 @NotNull Duration maxBackoff,
                                 @NotNull Duration retryBudget) {
}
