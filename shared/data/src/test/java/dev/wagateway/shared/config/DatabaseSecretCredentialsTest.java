package dev.wagateway.shared.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.shared.secrets.SecretValues;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database credentials come from the RDS secret when DB_SECRET_ARN names one. */
class DatabaseSecretCredentialsTest {

    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wa-gateway/db";

    /** Secrets Manager as the functions with shared/secrets see it, holding an RDS-generated secret. */
    @Singleton
    @Requires(property = "test.fake-db-secret", value = "true")
    static class FakeSecrets implements SecretValues {
        @Override
        public Map<String, String> read(String secretId) {
            assertEquals(ARN, secretId);
            return Map.of("username", "app_user", "password", "s3cr3t-from-rds", "engine", "postgres");
        }
    }

    @Test
    void theSecretsUserAndPasswordAreTheDatasources() throws Exception {
        DatabaseCoordinates database = TestDatabases.instance().create("dbsecret");
        // A real role with that password: the pool must log in with what the secret says.
        new Sql(database).execute("CREATE ROLE app_user LOGIN PASSWORD 's3cr3t-from-rds'");
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.put("datasources.default.username", "someone-else");
        // A user named in the URL would win over the pool's: leave it to the configuration.
        properties.put("datasources.default.url", database.jdbcUrl().replaceAll("[?&]user=[^&]*", ""));
        properties.put("db.secret-arn", ARN);
        properties.put("test.fake-db-secret", "true");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            HikariDataSource pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            assertEquals("app_user", pool.getUsername());
            assertEquals("s3cr3t-from-rds", pool.getPassword());
            try (Connection connection = pool.getConnection()) {
                assertEquals("app_user", connection.getMetaData().getUserName());
            }
        }
    }

    @Test
    void aFunctionThatCannotReadSecretsRefusesToStart() {
        Map<String, Object> properties = new HashMap<>(TestDatabases.freshDatasourceProperties(getClass()));
        properties.put("db.secret-arn", ARN);
        // No SecretValues bean: shared/secrets is not on data's classpath, as it is not in upsert-contact's jar.
        // The pool is a context bean: the start fails, not a later request.
        RuntimeException failure = assertThrows(RuntimeException.class, () -> ApplicationContext.run(properties).close());
        String messages = "";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages += cause.getMessage() + "\n";
        }
        assertTrue(messages.contains("does not depend on shared/secrets"), messages);
    }

    @Test
    void withoutTheVariableTheConfiguredCredentialsStay() {
        Map<String, Object> properties = new HashMap<>(TestDatabases.freshDatasourceProperties(getClass()));
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            HikariDataSource pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            assertEquals("postgres", pool.getUsername());
            assertNull(context.getProperty("db.secret-arn", String.class).orElse(null));
        }
    }
}
