package dev.wagateway.automationworker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * {@code automation.*}: the defaults here, as this function's {@code application.properties} writes them out
 * (the local run, which does not read that file, gets the same).
 *
 * @param cooldown         a rule answers one contact at most once per this period
 * @param sessionTtl       a flow's session expires after this long without an answer
 * @param stopWords        words that leave a session
 * @param pairInterval     the spacing of messages to one user (Meta's pair rate limit)
 * @param maxWait          the longest a reply waits here for its turn; later, the event goes back to the queue
 * @param templateLanguage the language of a template rule that names none
 */
@ConfigurationProperties("automation")
public record AutomationConfiguration(@Bindable(defaultValue = "5m") @NotNull Duration cooldown,
                                      @Bindable(defaultValue = "24h") @NotNull Duration sessionTtl,
                                      @Bindable(defaultValue = "stop,sair,parar") @NotNull List<String> stopWords,
                                      @Bindable(defaultValue = "6s") @NotNull Duration pairInterval,
                                      @Bindable(defaultValue = "20s") @NotNull Duration maxWait,
                                      @Bindable(defaultValue = "en_US") @NotBlank String templateLanguage) {
}
