package dev.wagateway.sendmessage;

import dev.wagateway.shared.message.StatusHistoryEntry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One status Meta reported for a message, as delivered: why it failed ({@code errors}) and what it cost
 * ({@code pricing}). {@code errors} and {@code pricing} are absent when the status had none.
 *
 * @param status     sent, delivered, read, failed, or another word Meta used
 * @param occurredAt when Meta says it happened
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MessageStatusView(String status, Instant occurredAt, @Nullable List<StatusError> errors,
                                @Nullable Pricing pricing) {

    /**
     * One of Meta's errors.
     *
     * @param code    Meta's error code, such as 131047
     * @param details {@code error_data.details}: the most specific explanation Meta gives
     * @param href    Meta's page about the code
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record StatusError(@Nullable Long code, @Nullable String title, @Nullable String message, @Nullable String details,
                              @Nullable String href) {
    }

    /**
     * What Meta charges for the message.
     *
     * @param category     marketing, utility, authentication, service, referral_conversion, ...
     * @param pricingModel {@code PMP} (per message) or {@code CBP} (per conversation, before July 2025)
     * @param type         {@code regular}, {@code free_customer_service}, {@code free_entry_point}, ...
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Pricing(@Nullable Boolean billable, @Nullable String category, @Nullable String pricingModel,
                          @Nullable String type) {
    }

    static MessageStatusView of(StatusHistoryEntry entry) {
        List<StatusError> errors = null;
        if (entry.errors() != null && !entry.errors().isEmpty()) {
            errors = new ArrayList<>();
            for (Object error : entry.errors()) {
                if (error instanceof Map<?, ?> e) {
                    Object details = e.get("error_data") instanceof Map<?, ?> data ? data.get("details") : null;
                    errors.add(new StatusError(e.get("code") instanceof Number n ? n.longValue() : parse(e.get("code")),
                            text(e.get("title")), text(e.get("message")), text(details), text(e.get("href"))));
                }
            }
        }
        Pricing pricing = null;
        if (entry.pricing() != null) {
            Map<String, Object> p = entry.pricing();
            pricing = new Pricing(p.get("billable") instanceof Boolean b ? b : null, text(p.get("category")),
                    text(p.get("pricing_model")), text(p.get("type")));
        }
        return new MessageStatusView(entry.status(), entry.occurredAt(), errors, pricing);
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static @Nullable Long parse(@Nullable Object value) {
        return value instanceof String s && s.matches("-?[0-9]{1,18}") ? Long.parseLong(s) : null;
    }
}
