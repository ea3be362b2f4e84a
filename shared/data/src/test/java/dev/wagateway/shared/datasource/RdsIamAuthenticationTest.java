package dev.wagateway.shared.datasource;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc, told by the JDBC URL to use {@link RdsIamAuthentication}, logs in with an IAM token signed for the
 * connection's host, port and user, and no password is configured at all.
 */
class RdsIamAuthenticationTest {

    @BeforeAll
    static void credentials() {
        // The SDK's default chains read these first; in Lambda they find the role and AWS_REGION instead.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLETEST");
        System.setProperty("aws.secretAccessKey", "not-a-real-secret-key");
        System.setProperty("aws.region", "eu-west-1");
    }

    @AfterAll
    static void forget() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
    }

    @Test
    void theDriverSendsATokenForThisHostPortAndUserAsThePassword() throws Exception {
        try (FakePostgresServer server = new FakePostgresServer(null)) {
            String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/wagateway?sslmode=disable"
                    + "&authenticationPluginClassName=" + RdsIamAuthentication.class.getName();
            Properties properties = new Properties();
            properties.setProperty("user", "wagateway_app");
            // The fake server refuses the login after reading the password.
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, properties).close());
            String token = server.password();
            assertTrue(token.startsWith("127.0.0.1:" + server.port() + "/?"), token);
            String query = URLDecoder.decode(token.substring(token.indexOf('?') + 1), StandardCharsets.UTF_8);
            assertTrue(query.contains("Action=connect"), query);
            assertTrue(query.contains("DBUser=wagateway_app"), query);
            assertTrue(query.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256"), query);
            assertTrue(query.contains("X-Amz-Credential=AKIDEXAMPLETEST/"), query);
            assertTrue(query.contains("/eu-west-1/rds-db/aws4_request"), query);
            assertTrue(query.matches(".*X-Amz-Expires=(89[0-9]|900)(&.*|$)"), "valid for 15 minutes: " + query);
            assertTrue(query.matches(".*X-Amz-Signature=[0-9a-f]{64}.*"), query);
            assertTrue(!token.contains("not-a-real-secret-key"), "the secret key never travels");
        }
    }
}
