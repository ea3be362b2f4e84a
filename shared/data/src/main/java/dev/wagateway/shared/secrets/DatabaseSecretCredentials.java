package dev.wagateway.shared.secrets;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * A database password from the RDS-generated Secrets Manager secret named by {@code DB_SECRET_ARN}
 * ({@code db.secret-arn}), never from a variable: its {@code username} and {@code password} go into the
 * datasource's configuration before the pool opens a connection. Without the variable (every function in AWS,
 * which logs in with IAM through RDS Proxy; tests; the local run) the configured credentials stay as they are.
 * <p>
 * The secret is read through {@link SecretValues}, which only shared/secrets implements: the functions that
 * read no secret in AWS leave that module, and the Secrets Manager client with it, out of their jars. Such a
 * function given the variable fails to start (the pool is created with the context) with a message that says so,
 * rather than logging in without a password.
 */
@Singleton
public class DatabaseSecretCredentials implements BeanCreatedEventListener<DatasourceConfiguration> {

    private final String secretArn;
    private final BeanProvider<SecretValues> secrets;

    public DatabaseSecretCredentials(DatabaseSecretConfiguration configuration, BeanProvider<SecretValues> secrets) {
        this.secretArn = configuration.secretArn();
        this.secrets = secrets;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        if (secretArn == null || secretArn.isBlank()) {
            return configuration;
        }
        if (!secrets.isPresent()) {
            throw new IllegalStateException("DB_SECRET_ARN (db.secret-arn) names a database secret, but this function "
                    + "cannot read secrets: it does not depend on shared/secrets. Log in with IAM through RDS Proxy "
                    + "(no secret) or add that module to the function");
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
