package dev.wagateway.shared.whatsapp;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.secrets.JsonSecrets;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where and as whom the gateway talks to Meta, from {@link WhatsAppConfiguration} and
 * {@link GraphConfiguration}: the access token from the Secrets Manager secret
 * {@code whatsapp.secret-arn} (its {@code accessToken}) when set, else {@code whatsapp.access-token};
 * {@code whatsapp.business-account-id} and {@code whatsapp.phone-number-id} (the default sender), each
 * else the secret's {@code businessAccountId} and {@code phoneNumberId} (in AWS the operator writes them
 * there with the token, all from Meta's dashboard); {@code whatsapp.phone-number-ids} (other numbers a
 * request may name).
 */
@Singleton
public class WhatsAppSettings {

    private final String accessToken;
    private final String businessAccountId;
    private final String phoneNumberId;
    private final Set<String> phoneNumberIds;
    private final String graphBaseUrl;
    private final RetryPolicy retryPolicy;

    public WhatsAppSettings(WhatsAppConfiguration whatsapp, GraphConfiguration graph, BeanProvider<JsonSecrets> secrets) {
        String secretArn = whatsapp.secretArn();
        // In AWS the token is in the WhatsApp secret (WHATSAPP_SECRET_ARN), never in a variable.
        boolean fromSecret = secretArn != null && !secretArn.isBlank();
        Map<String, String> secret = fromSecret ? secrets.get().read(secretArn) : Map.of();
        this.accessToken = fromSecret ? blankToNull(secret.get("accessToken")) : blankToNull(whatsapp.accessToken());
        this.businessAccountId = firstSet(whatsapp.businessAccountId(), secret.get("businessAccountId"));
        this.phoneNumberId = firstSet(whatsapp.phoneNumberId(), secret.get("phoneNumberId"));
        Set<String> numbers = new LinkedHashSet<>();
        if (this.phoneNumberId != null) {
            numbers.add(this.phoneNumberId);
        }
        List<String> others = whatsapp.phoneNumberIds() == null ? List.of() : whatsapp.phoneNumberIds();
        others.stream().map(String::strip).filter(id -> !id.isEmpty()).forEach(numbers::add);
        this.phoneNumberIds = Set.copyOf(numbers);
        String base = graph.baseUrl();
        this.graphBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.retryPolicy = new RetryPolicy(graph.maxAttempts(), graph.initialBackoff(), graph.maxBackoff(), graph.retryBudget());
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
