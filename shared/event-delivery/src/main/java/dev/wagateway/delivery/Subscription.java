package dev.wagateway.delivery;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A subscription: a row of the {@code webhooks} table (made through the API, or imported from the
 * legacy gateway).
 *
 * @param events          as stored: event types, {@code *}, or the legacy gateway's names ({@link SubscribedEvents})
 * @param secret          signs deliveries; {@code null} only on an imported row that had none (deliveries unsigned)
 * @param phoneNumberIds  the business numbers it wants events of; empty: all
 */
public record Subscription(String id,
                           String url,
                           List<String> events,
                           @Nullable String secret,
                           boolean active,
                           @Nullable String description,
                           List<String> phoneNumberIds,
                           SignatureScheme signatureScheme,
                           @Nullable String previousSecret,
                           @Nullable Instant previousSecretExpiresAt,
                           @Nullable String disabledReason,
                           @Nullable Instant disabledAt,
                           @Nullable Instant failingSince,
                           Instant createdAt,
                           Instant updatedAt) {

    /** The secret signed with beside the current one, while a rotation's grace period lasts. */
    public @Nullable String previousSecretAt(Instant now) {
        return previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)
                ? previousSecret : null;
    }
}
