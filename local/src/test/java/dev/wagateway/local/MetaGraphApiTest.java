package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With Meta's Graph API chosen, no fake starts and the functions aim at Meta. Run without Meta's
 * settings in the environment, so that nothing here can reach Meta: a send is refused before any call.
 */
class MetaGraphApiTest {

    @TempDir
    Path home;

    @Test
    void theFunctionsAimAtMetaAndSayWhatIsMissing() throws IOException {
        assumeTrue(System.getenv("WHATSAPP_ACCESS_TOKEN") == null && System.getenv("WHATSAPP_PHONE_NUMBER_ID") == null,
                "Meta's settings are in this environment: this test would send a real message");
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        try (LocalServer server = LocalServer.start(new LocalServer.Options(database, Calls.freePort(), true, home.resolve("key")))) {
            assertTrue(server.fakeGraphApi().isEmpty());
            assertEquals("https://graph.facebook.com/v26.0", server.graphBaseUrl());
            String printed = Quickstart.render(server, Map.of(), "a test database", "key");
            assertTrue(printed.contains("Graph API: Meta's at https://graph.facebook.com/v26.0"), printed);
            assertTrue(printed.contains("WHATSAPP_PHONE_NUMBER_ID is not set: sends answer 503"), printed);
            assertTrue(printed.contains("a real message"), printed);

            HttpResponse<String> refused = new Calls(server.url()).call("POST", "/v1/messages", server.apiKey(),
                    "{\"to\":\"+12125550150\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("urn:wa-gateway:problem:whatsapp-not-configured"), refused.body());
            assertEquals("0", new Sql(database).queryValue("SELECT count(*) FROM messages WHERE status = 'sent'"));
        }
    }
}
