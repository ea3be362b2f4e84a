package dev.wagateway.mediajobs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * {@code media.job.*}: the media job's retries, apart from the message's dedupe (a failed download never
 * loses the attachment: the row stays pending and is tried again).
 *
 * The defaults are here (the local run has every function in one context, without their application.properties).
 *
 * @param retryDelays the waits between attempts; the last one repeats
 * @param giveUpAfter how long after the message the job keeps trying (Meta keeps inbound media 30 days)
 * @param retryBatch  files one run of the retry schedule takes
 * @param legacyPage  legacy rows read per page by the legacy move
 */
@ConfigurationProperties("media.job")
public record MediaJobConfiguration(@Bindable(defaultValue = "30s,2m,10m,30m,1h,3h") @NotEmpty List<Duration> retryDelays,
                                    @Bindable(defaultValue = "30d") @NotNull Duration giveUpAfter,
                                    @Bindable(defaultValue = "20") @Min(1) int retryBatch,
                                    @Bindable(defaultValue = "50") @Min(1) int legacyPage) {

    /** The wait after the {@code attempts}-th failed attempt. */
    public Duration delayAfter(int attempts) {
        return retryDelays.get(Math.min(Math.max(attempts, 1), retryDelays.size()) - 1);
    }
}
