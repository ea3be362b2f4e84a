package dev.wagateway.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A new subscription.
 *
 * @param url             where deliveries are POSTed: {@code https://} (plain {@code http://} only in the local run);
 *                        its host must resolve to public addresses only
 * @param events          the event types to receive, or {@code ["*"]} for all
 * @param phoneNumberIds  only events of these business numbers; absent or empty: all
 * @param description     what it is for
 * @param signatureScheme {@code standard} (Standard Webhooks, the default) or {@code hmac-sha256-hex}
 *                        ({@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>})
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SubscriptionRequest(@NotBlank @Size(max = 2048) String url,
                                  @NotNull @NotEmpty @Size(max = 20) List<@NotBlank String> events,
                                  @Nullable @Size(max = 50) List<@Pattern(regexp = "[0-9]{1,32}") String> phoneNumberIds,
                                  @Nullable @Size(max = 1000) String description,
                                  @Nullable @Pattern(regexp = "standard|hmac-sha256-hex") String signatureScheme) {
}
