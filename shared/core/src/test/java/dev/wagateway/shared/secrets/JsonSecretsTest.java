package dev.wagateway.shared.secrets;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonSecretsTest {

    /** Secrets Manager as the SDK answers, counting the requests that would cross the network. */
    private static final class CountingSecretsManager implements SecretsManagerClient {
        final List<String> requested = new ArrayList<>();

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            requested.add(request.secretId());
            return GetSecretValueResponse.builder()
                    .secretString("{\"appSecret\":\"s-" + request.secretId() + "\",\"port\":5432,\"nested\":{\"x\":1}}").build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eachSecretIsFetchedOnceHoweverManyBeansReadIt() {
        CountingSecretsManager client = new CountingSecretsManager();
        JsonSecrets secrets = new JsonSecrets(client, JsonMapper.createDefault());
        Map<String, String> first = secrets.read("whatsapp");
        Map<String, String> second = secrets.read("whatsapp");
        Map<String, String> other = secrets.read("db");

        assertEquals(Map.of("appSecret", "s-whatsapp", "port", "5432"), first);
        assertEquals(first, second);
        assertEquals(Map.of("appSecret", "s-db", "port", "5432"), other);
        assertEquals(List.of("whatsapp", "db"), client.requested);
    }
}
