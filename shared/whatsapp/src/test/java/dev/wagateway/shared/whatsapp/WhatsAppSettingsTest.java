package dev.wagateway.shared.whatsapp;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.secrets.JsonSecrets;
import io.micronaut.context.BeanProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhatsAppSettingsTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wa-gateway/whatsapp";

    /** The secret as Secrets Manager would hand it over. */
    private static BeanProvider<JsonSecrets> secretHolding(Map<String, String> values) {
        JsonSecrets secrets = new JsonSecrets(null, null) {
            @Override
            public Map<String, String> read(String secretId) {
                assertEquals(ARN, secretId);
                return values;
            }
        };
        return () -> secrets;
    }

    private static WhatsAppSettings settings(String arn, BeanProvider<JsonSecrets> secrets, String tokenFromEnvironment) {
        return settings(arn, secrets, tokenFromEnvironment, "waba", "pn1");
    }

    private static WhatsAppSettings settings(String arn, BeanProvider<JsonSecrets> secrets, String tokenFromEnvironment,
                                             String businessAccountId, String phoneNumberId) {
        return new WhatsAppSettings(new WhatsAppConfiguration(arn, tokenFromEnvironment, businessAccountId, phoneNumberId, List.of()),
                new GraphConfiguration("https://graph.test/v26.0", 3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                secrets);
    }

    @Test
    void inAwsTheAccountAndNumberCanComeFromTheSecretAndTheEnvironmentStillWins() {
        BeanProvider<JsonSecrets> secret = secretHolding(Map.of("accessToken", "t", "businessAccountId", "waba-s", "phoneNumberId", "pn-s"));
        WhatsAppSettings fromSecret = settings(ARN, secret, "", "", "");
        assertEquals("waba-s", fromSecret.businessAccountId());
        assertEquals("pn-s", fromSecret.defaultPhoneNumberId());
        assertTrue(fromSecret.isConfiguredNumber("pn-s"));
        WhatsAppSettings fromEnvironment = settings(ARN, secret, "", "waba-e", "pn-e");
        assertEquals("waba-e", fromEnvironment.businessAccountId());
        assertEquals("pn-e", fromEnvironment.defaultPhoneNumberId());
    }

    @Test
    void aSecretWithoutThemLeavesThemUnconfigured() {
        WhatsAppSettings settings = settings(ARN, secretHolding(Map.of("accessToken", "t")), "", "", "");
        assertEquals(WhatsAppProblems.NOT_CONFIGURED,
                assertThrows(ProblemException.class, settings::defaultPhoneNumberId).problemType());
        assertEquals(WhatsAppProblems.NOT_CONFIGURED,
                assertThrows(ProblemException.class, settings::businessAccountId).problemType());
    }

    @Test
    void inAwsTheTokenComesFromTheSecretAndNotFromTheEnvironment() {
        WhatsAppSettings settings = settings(ARN, secretHolding(Map.of("accessToken", "from-secret", "appSecret", "x")), "from-env");
        assertEquals("from-secret", settings.accessToken());
        assertFalse(settings.toString().contains("from-secret"), "never in toString");
    }

    @Test
    void withoutASecretTheEnvironmentsTokenIsUsed() {
        assertEquals("from-env", settings("", () -> {
            throw new AssertionError("no secret is read");
        }, "from-env").accessToken());
    }

    @Test
    void anEmptyTokenInTheSecretMeansNotConfigured() {
        WhatsAppSettings settings = settings(ARN, secretHolding(Map.of("accessToken", "")), "from-env");
        ProblemException problem = assertThrows(ProblemException.class, settings::accessToken);
        assertEquals(WhatsAppProblems.NOT_CONFIGURED, problem.problemType());
    }
}
