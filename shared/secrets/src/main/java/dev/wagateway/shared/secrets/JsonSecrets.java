package dev.wagateway.shared.secrets;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a Secrets Manager secret whose value is a JSON object of strings, such as the WhatsApp
 * secret ({@code accessToken}, {@code appSecret}, {@code verifyToken}). Values are never logged,
 * nor put in an exception message. Each secret is fetched once per instance: the functions read their
 * secrets at init, where several beans want the same one (receive-webhook's credentials and WhatsApp
 * settings), and a second round trip would only lengthen the cold start.
 */
@Singleton
public class JsonSecrets implements SecretValues {

    private final SecretsManagerClient client;
    private final JsonMapper json;
    private final Map<String, Map<String, String>> fetched = new ConcurrentHashMap<>();

    public JsonSecrets(SecretsManagerClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** The secret's keys and their string (or number) values; other values are left out. */
    @Override
    public Map<String, String> read(String secretId) {
        return fetched.computeIfAbsent(secretId, this::fetch);
    }

    private Map<String, String> fetch(String secretId) {
        String value = client.getSecretValue(request -> request.secretId(secretId)).secretString();
        if (value == null) {
            throw new IllegalStateException("Secret " + secretId + " holds no string value");
        }
        JsonNode tree;
        try {
            tree = json.readValue(value, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalStateException("Secret " + secretId + " is not a JSON object");
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalStateException("Secret " + secretId + " is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.entries()) {
            if (entry.getValue().isString()) {
                values.put(entry.getKey(), entry.getValue().getStringValue());
            } else if (entry.getValue().isNumber()) {
                // An RDS secret's port is a number.
                values.put(entry.getKey(), entry.getValue().getNumberValue().toString());
            }
        }
        return Map.copyOf(values);
    }
}
