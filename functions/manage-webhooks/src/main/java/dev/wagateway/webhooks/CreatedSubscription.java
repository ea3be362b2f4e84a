package dev.wagateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

/**
 * A new subscription as {@link SubscriptionView} shows it, with its secret: shown here only; keep it to
 * verify deliveries.
 *
 * @param secret {@code whsec_} and base64: the signing key (the Standard Webhooks form)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreatedSubscription(String id,
                                  String url,
                                  List<String> events,
                                  List<String> phoneNumberIds,
                                  @Nullable String description,
                                  boolean active,
                                  String signatureScheme,
                                  String secret,
                                  Instant createdAt) {

    static CreatedSubscription of(SubscriptionView view, String secret) {
        return new CreatedSubscription(view.id(), view.url(), view.events(), view.phoneNumberIds(), view.description(),
                view.active(), view.signatureScheme(), secret, view.createdAt());
    }
}
