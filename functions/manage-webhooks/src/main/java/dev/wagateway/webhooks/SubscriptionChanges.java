package dev.wagateway.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What to change on a subscription; an absent (or null) member is left as it is.
 *
 * @param url            as on creation, checked again
 * @param events         the event types, or {@code ["*"]}
 * @param phoneNumberIds only events of these business numbers; empty: all
 * @param description    an empty string removes it
 * @param active         false switches it off; true switches it on again (and clears {@code disabled_reason})
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SubscriptionChanges(@Nullable @Size(max = 2048) String url,
                                  @Nullable @Size(min = 1, max = 20) List<@NotBlank String> events,
                                  @Nullable @Size(max = 50) List<@Pattern(regexp = "[0-9]{1,32}") String> phoneNumberIds,
                                  @Nullable @Size(max = 1000) String description,
                                  @Nullable Boolean active) {
}
