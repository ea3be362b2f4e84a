package dev.wagateway.dbmigrate;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** {@link SecretReader} over AWS Secrets Manager (region and credentials from the Lambda environment). */
public final class SecretsManagerSecretReader implements SecretReader {

    private final SecretsManagerClient client;

    public SecretsManagerSecretReader(SecretsManagerClient client) {
        this.client = client;
    }

    @Override
    public String read(String secretId) {
        String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
        if (value == null) {
            throw new IllegalStateException("Secret " + secretId + " holds no text (binary secrets are not supported)");
        }
        return value;
    }
}
