package dev.wagateway.shared.secrets;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

import java.net.URI;

/**
 * The Secrets Manager client: region and credentials from the environment (Lambda sets both), the
 * JDK's HTTP client (fewer classes to load at a cold start than Apache's or Netty's).
 * {@code aws.secrets-manager.endpoint-override} points it elsewhere (a VPC endpoint, a fake in tests).
 */
@Factory
public class SecretsManagerClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SecretsManagerClient secretsManagerClient(SecretsManagerConfiguration configuration) {
        return create(configuration.endpointOverride());
    }

    /** The client, for code that runs without a Micronaut context (db-migrate's handlers). */
    public static SecretsManagerClient create(@Nullable String endpoint) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
