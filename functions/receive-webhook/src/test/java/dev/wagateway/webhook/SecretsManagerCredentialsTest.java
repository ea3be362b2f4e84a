package dev.wagateway.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.FakeSecretsManager;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In AWS the verify token and app secret come from the Secrets Manager secret named by
 * WHATSAPP_SECRET_ARN, read at start: here from a fake Secrets Manager on loopback that speaks its
 * JSON protocol, through the real AWS SDK client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsManagerCredentialsTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wa-gateway/whatsapp-AbCdEf";
    private static final String GOOD_ARN = ARN;
    private static final String INCOMPLETE_ARN = ARN + "-incomplete";

    private FakeSecretsManager fake;

    @BeforeAll
    void start() {
        fake = new FakeSecretsManager(Map.of(
                GOOD_ARN, "{\"accessToken\":\"at\",\"appSecret\":\"from-secrets-manager\",\"verifyToken\":\"vt-sm\"}",
                INCOMPLETE_ARN, "{\"accessToken\":\"at\"}"));
        // What Lambda gives the SDK through the environment.
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
    }

    @AfterAll
    void stop() {
        fake.close();
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theSecretsValuesAreUsedOverTheEnvironments() {
        try (ApplicationContext context = ApplicationContext.run(properties(GOOD_ARN))) {
            List<String> requests = fake.requests();
            assertEquals(1, requests.size());
            assertTrue(requests.getFirst().startsWith("secretsmanager.GetSecretValue "), requests.getFirst());
            assertTrue(requests.getFirst().contains(GOOD_ARN));
            ApiGatewayHandler handler = new ApiGatewayHandler(context);

            APIGatewayV2HTTPResponse handshake = handler.handleRequest(WebhookEvents.get(Map.of("hub.mode", "subscribe",
                    "hub.verify_token", "vt-sm", "hub.challenge", "7")), null);
            assertEquals(200, handshake.getStatusCode());
            assertEquals(403, handler.handleRequest(WebhookEvents.get(Map.of("hub.mode", "subscribe",
                    "hub.verify_token", Samples.VERIFY_TOKEN, "hub.challenge", "7")), null).getStatusCode());

            byte[] body = Samples.bytes("status-read");
            assertEquals(200, handler.handleRequest(WebhookEvents.postBase64(body, Map.of("content-type", "application/json",
                    "x-hub-signature-256", Samples.sign(body, "from-secrets-manager"))), null).getStatusCode());
            assertEquals(401, handler.handleRequest(WebhookEvents.postBase64(body, Map.of("content-type", "application/json",
                    "x-hub-signature-256", Samples.sign(body))), null).getStatusCode());
        }
    }

    @Test
    void aSecretWithoutTheAppSecretStopsTheStartAndNamesNoValue() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> ApplicationContext.run(properties(INCOMPLETE_ARN)).close());
        String messages = messages(failure);
        assertTrue(messages.contains("appSecret in the secret " + INCOMPLETE_ARN) || messages.contains("verifyToken in the secret"), messages);
        assertFalse(messages.contains("\"at\""), messages);
    }

    private Map<String, Object> properties(String arn) {
        Map<String, Object> properties = new HashMap<>(TestDatabases.instance().create(getClass().getSimpleName()).datasourceProperties());
        properties.putAll(Samples.credentials());
        properties.put("whatsapp.secret-arn", arn);
        properties.put("aws.secrets-manager.endpoint-override", fake.endpoint());
        return properties;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }
}
