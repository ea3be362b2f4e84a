package dev.wagateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wagateway.delivery.SubscribedEvents;
import dev.wagateway.delivery.Subscription;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

/**
 * A subscription as the API shows it (never its secret, except once: {@link CreatedSubscription}).
 *
 * @param events                 the event types it receives ({@code *}: all); for a subscription imported from the
 *                               legacy gateway, its names read as types ({@code message}: {@code message.received},
 *                               {@code status}: {@code message.status})
 * @param unknownEvents          names kept from the legacy gateway that match no event type (they receive nothing)
 * @param signatureScheme        {@code standard} or {@code hmac-sha256-hex}
 * @param signed                 false only for an imported subscription that had no secret (its deliveries are unsigned)
 * @param disabledReason         why the gateway switched it off (410 Gone, failing for days); null otherwise
 * @param failingSince           every attempt has failed since then; null when the last one succeeded
 * @param previousSecretValidUntil after a rotation, deliveries carry a signature under the old secret too until then
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SubscriptionView(String id,
                               String url,
                               List<String> events,
                               List<String> unknownEvents,
                               List<String> phoneNumberIds,
                               @Nullable String description,
                               boolean active,
                               String signatureScheme,
                               boolean signed,
                               @Nullable String disabledReason,
                               @Nullable Instant disabledAt,
                               @Nullable Instant failingSince,
                               @Nullable Instant previousSecretValidUntil,
                               Instant createdAt,
                               Instant updatedAt) {

    static SubscriptionView of(Subscription s, Instant now) {
        return new SubscriptionView(s.id(), s.url(), SubscribedEvents.types(s.events()), SubscribedEvents.unknown(s.events()),
                s.phoneNumberIds(), s.description(), s.active(), s.signatureScheme().wireName(), s.secret() != null,
                s.disabledReason(), s.disabledAt(), s.failingSince(),
                s.previousSecretAt(now) == null ? null : s.previousSecretExpiresAt(), s.createdAt(), s.updatedAt());
    }
}
