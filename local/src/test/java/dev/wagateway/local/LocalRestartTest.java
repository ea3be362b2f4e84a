package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Runs one after another over one database, as scripts/run restarted: the API key is kept and reused
 * while the database accepts it (replaced when not), the data stays, and sends keep working.
 */
class LocalRestartTest {

    private static final String SEND = "{\"to\":\"+12125550199\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}";

    @TempDir
    Path home;

    @Test
    void aRestartKeepsTheKeyTheDataAndSendingAndARevokedKeyIsReplaced() throws IOException {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        Path keyFile = home.resolve("nested").resolve("local-api-key");

        String first;
        try (LocalServer server = start(database, keyFile)) {
            first = server.apiKey();
            Calls calls = new Calls(server.url());
            assertEquals(201, calls.call("PUT", "/v1/contacts/%2B12125550199", first, "{\"name\":\"Kept\"}").statusCode());
            assertEquals(202, calls.call("POST", "/v1/messages", first, SEND).statusCode());
        }
        assertEquals(first, Files.readString(keyFile).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        try (LocalServer server = start(database, keyFile)) {
            assertEquals(first, server.apiKey());
            Calls calls = new Calls(server.url());
            assertEquals(200, calls.call("GET", "/v1/contacts/%2B12125550199", first, null).statusCode());
            // A new fake Graph API: its wamids must not repeat the first run's.
            assertEquals(202, calls.call("POST", "/v1/messages", first, SEND).statusCode());
        }
        assertEquals("1", sql.queryValue("SELECT count(*) FROM api_keys"));
        assertEquals("2", sql.queryValue("SELECT count(DISTINCT whatsapp_message_id) FROM messages WHERE status = 'sent'"));

        sql.execute("UPDATE api_keys SET deleted_at = now()");
        try (LocalServer server = start(database, keyFile)) {
            String second = server.apiKey();
            assertNotEquals(first, second);
            assertEquals(second, Files.readString(keyFile).strip());
            Calls calls = new Calls(server.url());
            assertEquals(401, calls.call("GET", "/v1/contacts/%2B12125550199", first, null).statusCode());
            assertEquals(200, calls.call("GET", "/v1/contacts/%2B12125550199", second, null).statusCode());
        }
        assertEquals("1", sql.queryValue("SELECT count(*) FROM api_keys WHERE deleted_at IS NULL"));
    }

    private static LocalServer start(DatabaseCoordinates database, Path keyFile) throws IOException {
        return LocalServer.start(new LocalServer.Options(database, Calls.freePort(), false, keyFile));
    }
}
