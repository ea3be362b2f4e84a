package dev.wagateway.infra;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.rds.IDatabaseProxy;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * How a function logs in to PostgreSQL, always over TLS that verifies the server against the RDS CA
 * bundle in its jar: through RDS Proxy with IAM database authentication as the application role (no
 * password anywhere), or directly with the master secret (db-migrate and the import, which own the schema).
 */
public sealed interface DatabaseLogin {

    /** The role V36 creates: DML on the product's tables, no DDL. */
    String APPLICATION_USER = "wagateway_app";

    /** The datasource's environment: URL, user and, for the master user, where its password is. */
    Map<String, String> environment();

    /** Lets the function's role log in. */
    void grant(IGrantable function);

    /** Through RDS Proxy as {@link #APPLICATION_USER}, with a token the function's role signs for each connection. */
    record IamThroughProxy(IDatabaseProxy proxy) implements DatabaseLogin {
        @Override
        public Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("DATASOURCES_DEFAULT_URL", jdbcUrl(proxy.getEndpoint())
                    + "&authenticationPluginClassName=" + Handlers.RDS_IAM_AUTHENTICATION);
            environment.put("DATASOURCES_DEFAULT_USERNAME", APPLICATION_USER);
            return environment;
        }

        @Override
        public void grant(IGrantable function) {
            proxy.grantConnect(function, APPLICATION_USER);
        }
    }

    /** Directly to the instance at {@code host} as the master user, whose password is read from the secret. */
    record MasterSecret(String host, ISecret secret) implements DatabaseLogin {
        @Override
        public Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("DATASOURCES_DEFAULT_URL", jdbcUrl(host));
            environment.put("DATASOURCES_DEFAULT_USERNAME", StatefulStack.DATABASE_USERNAME);
            environment.put("DB_SECRET_ARN", secret.getSecretArn());
            return environment;
        }

        @Override
        public void grant(IGrantable function) {
            secret.grantRead(function);
        }
    }

    /** TLS required, the server's certificate checked against the RDS CA bundle and its name against the host. */
    static String jdbcUrl(String host) {
        return "jdbc:postgresql://" + host + ":" + StatefulStack.DATABASE_PORT + "/" + StatefulStack.DATABASE_NAME
                + "?sslmode=verify-full&sslfactory=" + Handlers.RDS_CERTIFICATES;
    }
}
