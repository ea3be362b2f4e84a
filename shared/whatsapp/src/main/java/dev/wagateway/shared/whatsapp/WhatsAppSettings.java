package dev.wagateway.shared.whatsapp;

import dev.wagateway.shared.secrets.JsonSecrets;
import io.micronaut.context.BeanProvider;
import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where and as whom the gateway talks to Meta. From configuration: the access token from the
 * Secrets Manager secret {@code whatsapp.secret-arn} ({@code WHATSAPP_SECRET_ARN}, its
 * {@code accessToken}) when set, else {@code whatsapp.access-token} ({@code WHATSAPP_ACCESS_TOKEN});
 * {@code whatsapp.business-account-id} and {@code whatsapp.phone-number-id} (the default sender), each
 * else the secret's {@code businessAccountId} and {@code phoneNumberId} (in AWS the operator writes them
 * there with the token, all from Meta's dashboard); {@code whatsapp.phone-number-ids} (other numbers a
 * request may name); {@code whatsapp.graph.*} (base URL, timeouts, retries; defaults in
 * {@code wa-gateway-defaults.yml}).
 */
@Singleton
public class WhatsAppSettings {

    private final String accessToken;
    private final String businessAccountId;
    private final String phoneNumberId;
    private final Set<String> phoneNumberIds;
    private final String graphBaseUrl;
    private final RetryPolicy retryPolicy;

    public WhatsAppSettings(@Value("${whatsapp.secret-arn:}") @Nullable String secretArn,
                            BeanProvider<JsonSecrets> secrets,
                            @Value("${whatsapp.access-token:}") String accessToken,
                            @Value("${whatsapp.business-account-id:}") String businessAccountId,
                            @Value("${whatsapp.phone-number-id:}") String phoneNumberId,
                            @Value("${whatsapp.phone-number-ids:}") List<String> phoneNumberIds,
                            @Value("${whatsapp.graph.base-url:https://graph.facebook.com/v26.0}") String graphBaseUrl,
                            @Value("${whatsapp.graph.max-attempts:3}") int maxAttempts,
                            @Value("${whatsapp.graph.initial-backoff:200ms}") Duration initialBackoff,
                            @Value("${whatsapp.graph.max-backoff:2s}") Duration maxBackoff,
                            @Value("${whatsapp.graph.retry-budget:10s}") Duration retryBudget) {
        // In AWS the token is in the WhatsApp secret (WHATSAPP_SECRET_ARN), never in a variable.
        boolean fromSecret = secretArn != null && !secretArn.isBlank();
        Map<String, String> secret = fromSecret ? secrets.get().read(secretArn) : Map.of();
        this.accessToken = fromSecret ? blankToNull(secret.get("accessToken")) : blankToNull(accessToken);
        this.businessAccountId = firstSet(businessAccountId, secret.get("businessAccountId"));
        this.phoneNumberId = firstSet(phoneNumberId, secret.get("phoneNumberId"));
        Set<String> numbers = new LinkedHashSet<>();
        if (this.phoneNumberId != null) {
            numbers.add(this.phoneNumberId);
        }
        phoneNumberIds.stream().map(String::strip).filter(id -> !id.isEmpty()).forEach(numbers::add);
        this.phoneNumberIds = Set.copyOf(numbers);
        this.graphBaseUrl = graphBaseUrl.endsWith("/") ? graphBaseUrl.substring(0, graphBaseUrl.length() - 1) : graphBaseUrl;
        this.retryPolicy = new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, retryBudget);
    }

    /** The token for {@code Authorization: Bearer}; a 503 when none is configured. Never log it. */
    String accessToken() {
        return require(accessToken, "WHATSAPP_ACCESS_TOKEN");
    }

    /** The WhatsApp Business Account whose templates are synced. */
    public String businessAccountId() {
        return require(businessAccountId, "WHATSAPP_BUSINESS_ACCOUNT_ID");
    }

    /** The business number a send goes through when the request names none. */
    public String defaultPhoneNumberId() {
        return require(phoneNumberId, "WHATSAPP_PHONE_NUMBER_ID");
    }

    /** Whether a request may send through this business number. */
    public boolean isConfiguredNumber(String id) {
        return phoneNumberIds.contains(id);
    }

    /** The Graph API base with its version, without a trailing slash ({@code https://graph.facebook.com/v26.0}). */
    public String graphBaseUrl() {
        return graphBaseUrl;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    private static String require(@Nullable String value, String variable) {
        if (value == null) {
            throw new ProblemException(WhatsAppProblems.NOT_CONFIGURED,
                    "The gateway is not configured to reach WhatsApp: " + variable + " is not set.");
        }
        return value;
    }

    private static String firstSet(String configured, String fromSecret) {
        String value = blankToNull(configured);
        return value != null ? value : blankToNull(fromSecret);
    }

    private static String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "WhatsAppSettings[businessAccountId=" + businessAccountId + ", phoneNumberIds=" + phoneNumberIds
                + ", accessToken=" + (accessToken == null ? "unset" : "set") + "]";
    }
}
