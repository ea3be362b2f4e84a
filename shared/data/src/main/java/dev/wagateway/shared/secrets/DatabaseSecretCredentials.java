package dev.wagateway.shared.secrets;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * In AWS the database password lives only in the RDS-generated Secrets Manager secret named by
 * {@code DB_SECRET_ARN} ({@code db.secret-arn}), never in a variable: its {@code username} and
 * {@code password} go into the datasource's configuration before the pool opens a connection.
 * Without the variable (tests, the local run) the configured credentials stay as they are.
 */
@Singleton
public class DatabaseSecretCredentials implements BeanCreatedEventListener<DatasourceConfiguration> {

    private final String secretArn;
    private final BeanProvider<JsonSecrets> secrets;

    public DatabaseSecretCredentials(DatabaseSecretConfiguration configuration, BeanProvider<JsonSecrets> secrets) {
        this.secretArn = configuration.secretArn();
        this.secrets = secrets;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        if (secretArn == null || secretArn.isBlank()) {
            return configuration;
        }
        Map<String, String> secret = secrets.get().read(secretArn);
        String password = secret.get("password");
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("The database secret " + secretArn + " holds no password");
        }
        configuration.setPassword(password);
        String username = secret.get("username");
        if (username != null && !username.isBlank()) {
            configuration.setUsername(username);
        }
        return configuration;
    }
}
