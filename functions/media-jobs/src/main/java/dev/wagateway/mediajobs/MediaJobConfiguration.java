package dev.wagateway.mediajobs;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * {@code media.job.*}: the media job's retries, apart from the message's dedupe (a failed download never
 * loses the attachment: the row stays pending and is tried again).
 *
 * @param retryDelays the waits between attempts; the last one repeats
 * @param giveUpAfter how long after the message the job keeps trying (Meta keeps inbound media 30 days)
 * @param retryBatch  files one run of the retry schedule takes
 * @param legacyPage  legacy rows read per page by the legacy move
 */
@ConfigurationProperties("media.job")
public record MediaJobConfiguration(@NotEmpty List<Duration> retryDelays,
                                    @NotNull Duration giveUpAfter,
                                    @Min(1) int retryBatch,
                                    @Min(1) int legacyPage) {

    /** The wait after the {@code attempts}-th failed attempt. */
    public Duration delayAfter(int attempts) {
        return retryDelays.get(Math.min(Math.max(attempts, 1), retryDelays.size()) - 1);
    }
}
