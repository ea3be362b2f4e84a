package dev.wagateway.dbmigrate;

import com.sun.net.httpserver.HttpServer;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.schema.SchemaMigrations;
import dev.wagateway.shared.secrets.JsonSecrets;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationHandlerTest {

    @Test
    void appliesTheMigrationsOnceAndReportsTheVersions() {
        DatabaseCoordinates empty = TestDatabases.instance().createEmpty("handler");
        MigrationHandler handler = new MigrationHandler(new DatabaseSettingsResolver(Map.of(
                DatabaseSettingsResolver.URL, empty.jdbcUrl(), DatabaseSettingsResolver.USERNAME, empty.username(),
                DatabaseSettingsResolver.PASSWORD, empty.password()), () -> {
            throw new AssertionError("no secret was named");
        }));

        // What the shared module ships, as Flyway resolves it from the classpath before anything runs.
        List<String> shipped = Arrays.stream(SchemaMigrations.flyway(empty.jdbcUrl(), empty.username(), empty.password()).info().pending())
                .map(m -> m.getVersion().getVersion() + " " + m.getDescription()).toList();
        assertTrue(shipped.size() >= 3 && shipped.getFirst().equals("1 core schema"), shipped.toString());
        String latest = shipped.getLast().substring(0, shipped.getLast().indexOf(' '));

        Map<String, Object> first = handler.handleRequest(Map.of("RequestType", "Create"), null);
        assertEquals(shipped, first.get("applied"));
        assertEquals(latest, first.get("schemaVersion"));
        assertEquals("0", new Sql(empty).queryValue("SELECT count(*) FROM messages"));

        Map<String, Object> second = handler.handleRequest(Map.of(), null);
        assertEquals(List.of(), second.get("applied"));
        assertEquals(latest, second.get("schemaVersion"));
    }

    @Test
    void aFailedMigrationThrowsSoTheDeployFails() {
        DatabaseCoordinates broken = TestDatabases.instance().createEmpty("handlerbroken");
        // A database with foreign tables and no migration history: Flyway refuses to touch it.
        new Sql(broken).execute("CREATE TABLE contacts (id int)");
        MigrationHandler handler = new MigrationHandler(new DatabaseSettingsResolver(Map.of(
                DatabaseSettingsResolver.URL, broken.jdbcUrl(), DatabaseSettingsResolver.USERNAME, broken.username(),
                DatabaseSettingsResolver.PASSWORD, broken.password()), () -> null));
        RuntimeException failure = assertThrows(RuntimeException.class, () -> handler.handleRequest(Map.of(), null));
        assertTrue(failure.getMessage().contains("no schema history table"), failure.getMessage());
        assertEquals("0", new Sql(broken).queryValue("SELECT count(*) FROM information_schema.tables WHERE table_name = 'messages'"));
    }

    @Test
    void thePasswordComesFromSecretsManager() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            asked.set(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:1:secret:db\",\"Name\":\"db\",\"SecretString\":"
                    + "\"{\\\"username\\\":\\\"app\\\",\\\"password\\\":\\\"s3cr3t\\\",\\\"host\\\":\\\"db.internal\\\",\\\"port\\\":5432,"
                    + "\\\"dbname\\\":\\\"wagateway\\\"}\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fake.start();
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + fake.getAddress().getPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            DatabaseSettings settings = new DatabaseSettingsResolver(Map.of(DatabaseSettingsResolver.SECRET_ARN, "arn:db"),
                    () -> new JsonSecrets(client, JsonMapper.createDefault())).resolve(null, null, null);
            assertEquals(new DatabaseSettings("jdbc:postgresql://db.internal:5432/wagateway", "app", "s3cr3t"), settings);
            assertTrue(asked.get().startsWith("secretsmanager.GetSecretValue"), asked.get());
            assertTrue(asked.get().contains("\"SecretId\":\"arn:db\""), asked.get());
            assertTrue(!settings.toString().contains("s3cr3t"));
        } finally {
            fake.stop(0);
        }
    }
}
