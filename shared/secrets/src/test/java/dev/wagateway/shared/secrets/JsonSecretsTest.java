package dev.wagateway.shared.secrets;

import dev.wagateway.lambdaevents.FakeSecretsManager;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The real SDK client against Secrets Manager's protocol on loopback, counting what crosses the network. */
class JsonSecretsTest {

    private static final String SECRET = "{\"port\":5432,\"nested\":{\"x\":1},\"appSecret\":\"s-%s\"}";

    @BeforeAll
    static void lambdaEnvironment() {
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
    }

    @AfterAll
    static void clear() {
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void eachSecretIsFetchedOnceHoweverManyBeansReadIt() {
        try (FakeSecretsManager fake = new FakeSecretsManager(Map.of("whatsapp", SECRET.formatted("whatsapp"), "db", SECRET.formatted("db")));
             SecretsManagerClient client = SecretsManagerClientFactory.create(fake.endpoint())) {
            JsonSecrets secrets = new JsonSecrets(client, JsonMapper.createDefault());
            Map<String, String> first = secrets.read("whatsapp");
            Map<String, String> second = secrets.read("whatsapp");
            Map<String, String> other = secrets.read("db");

            assertEquals(Map.of("appSecret", "s-whatsapp", "port", "5432"), first);
            assertEquals(first, second);
            assertEquals(Map.of("appSecret", "s-db", "port", "5432"), other);
            assertEquals(2, fake.reads(), "one read per secret");
        }
    }
}
