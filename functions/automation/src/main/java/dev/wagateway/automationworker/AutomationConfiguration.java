package dev.wagateway.automationworker;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * {@code automation.*} (defaults in this function's {@code application.yml}, and only there).
 *
 * @param cooldown         a rule answers one contact at most once per this period
 * @param sessionTtl       a flow's session expires after this long without an answer
 * @param stopWords        words that leave a session
 * @param pairInterval     the spacing of messages to one user (Meta's pair rate limit)
 * @param maxWait          the longest a reply waits here for its turn; later, the event goes back to the queue
 * @param window           Meta's customer-service window: outside it only a template goes
 * @param templateLanguage the language of a template rule that names none
 */
@ConfigurationProperties("automation")
public record AutomationConfiguration(@NotNull Duration cooldown, @NotNull Duration sessionTtl, @NotNull List<String> stopWords,
                                      @NotNull Duration pairInterval, @NotNull Duration maxWait, @NotNull Duration window,
                                      @NotBlank String templateLanguage) {
}
