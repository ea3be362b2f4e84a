package dev.wagateway.shared.datasource;

import org.postgresql.PGProperty;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsUtilities;

import java.util.Properties;

/**
 * The password of every new connection to RDS Proxy: an IAM database authentication token for the
 * connection's host, port and user, signed locally by the AWS SDK with the function's role (no network
 * call) and valid for 15 minutes. pgjdbc asks for it on each connect, so a function holds no database
 * password, and neither a rotated master secret nor a SnapStart snapshot can leave it a stale one.
 * <p>
 * The infra names this class in the functions' JDBC URL ({@code authenticationPluginClassName}); the
 * local run and the tests connect with a plain username and password and never load it.
 */
public final class RdsIamAuthentication implements AuthenticationPlugin {

    private final Properties connection;

    /** pgjdbc passes the connection's properties (host, port, user). */
    public RdsIamAuthentication(Properties connection) {
        this.connection = connection;
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        String host = PGProperty.PG_HOST.getOrDefault(connection);
        String port = PGProperty.PG_PORT.getOrDefault(connection);
        String user = PGProperty.USER.getOrDefault(connection);
        if (host == null || host.contains(",") || port == null || port.contains(",") || user == null) {
            throw new PSQLException("IAM database authentication needs one host, one port and a user",
                    PSQLState.INVALID_PARAMETER_VALUE);
        }
        try {
            return Signer.RDS.generateAuthenticationToken(token -> token
                    .hostname(host)
                    .port(Integer.parseInt(port))
                    .username(user)).toCharArray();
        } catch (RuntimeException e) {
            // The SDK's message names the missing credentials or region, never a secret.
            throw new PSQLException("Cannot sign an IAM database authentication token: " + e.getMessage(),
                    PSQLState.CONNECTION_REJECTED, e);
        }
    }

    /** Built on the first connection: the role's credentials and the region from the Lambda environment. */
    private static final class Signer {
        static final RdsUtilities RDS = RdsUtilities.builder()
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .region(new DefaultAwsRegionProviderChain().getRegion())
                .build();
    }
}
