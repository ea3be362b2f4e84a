package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.shared.auth.ApiKeyFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four functions served by one local server, each called over real HTTP as the quickstart
 * describes, against a fresh database and the fake Graph API; what they stored is read back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalServerTest {

    @TempDir
    static Path home;

    private DatabaseCoordinates database;
    private Sql sql;
    private LocalServer server;
    private Calls calls;

    @BeforeAll
    void start() throws IOException {
        database = TestDatabases.instance().create(getClass().getSimpleName());
        sql = new Sql(database);
        server = LocalServer.start(new LocalServer.Options(database, Calls.freePort(), false, home.resolve("local-api-key")));
        calls = new Calls(server.url());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aContactIsCreatedThenUpdated() {
        HttpResponse<String> created = calls.call("PUT", "/v1/contacts/%2B12125550101", server.apiKey(), "{\"name\":\"Ana Lima\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"phone\":\"+12125550101\""), created.body());
        assertTrue(created.headers().firstValue("X-Correlation-Id").isPresent());
        assertEquals("1000", created.headers().firstValue("RateLimit-Limit").orElseThrow());

        HttpResponse<String> updated = calls.call("PUT", "/v1/contacts/12125550101", server.apiKey(), "{\"name\":\"Ana L.\"}");
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("1", sql.queryValue("SELECT count(*) FROM contacts WHERE phone = '+12125550101'"));
        assertEquals("Ana L.", sql.queryValue("SELECT name FROM contacts WHERE phone = '+12125550101'"));
    }

    @Test
    void aSendReachesTheFakeGraphApiAndIsStoredAsSent() {
        FakeGraphApi fake = server.fakeGraphApi().orElseThrow();
        int sendsBefore = fake.sends().size();
        HttpResponse<String> sent = calls.call("POST", "/v1/messages", server.apiKey(),
                "{\"to\":\"+1 212 555 0102\",\"type\":\"text\",\"text\":{\"body\":\"Your order has shipped\"}}");
        assertEquals(202, sent.statusCode(), sent.body());
        assertTrue(sent.body().contains("\"status\":\"sent\""), sent.body());

        List<FakeGraphApi.RecordedRequest> sends = fake.sends();
        assertEquals(sendsBefore + 1, sends.size());
        FakeGraphApi.RecordedRequest request = sends.getLast();
        assertEquals("/v26.0/" + LocalServer.FAKE_PHONE_NUMBER_ID + "/messages", request.path());
        assertEquals("Bearer " + LocalServer.FAKE_ACCESS_TOKEN, request.headers().get("authorization"));
        assertEquals(Map.of("body", "Your order has shipped"), request.json().get("text"));

        assertEquals("outbound|sent|Your order has shipped", sql.queryValue(
                "SELECT direction || '|' || status || '|' || content FROM messages WHERE phone = '+12125550102'"));
        String wamid = sql.queryValue("SELECT whatsapp_message_id FROM messages WHERE phone = '+12125550102'");
        assertTrue(wamid.startsWith("wamid."), wamid);
        assertTrue(sent.body().contains(wamid), sent.body());
        assertEquals("1", sql.queryValue("SELECT message_count FROM contacts WHERE phone = '+12125550102'"));
    }

    @Test
    void templatesAreSyncedFromTheFakeGraphApiAndListed() {
        int offered = FakeGraphApi.sampleTemplates().size();
        HttpResponse<String> synced = calls.call("POST", "/v1/templates/sync", server.apiKey(), null);
        assertEquals(200, synced.statusCode(), synced.body());
        assertTrue(synced.body().contains("\"added\":" + offered), synced.body());
        assertEquals(String.valueOf(offered), sql.queryValue("SELECT count(*) FROM templates WHERE deleted_at IS NULL"));

        HttpResponse<String> listed = calls.call("GET", "/v1/templates?status=approved&language=en_US", server.apiKey(), null);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("\"name\":\"order_update\""), listed.body());
        assertFalse(listed.body().contains("\"language\":\"pt_BR\""), listed.body());
    }

    @Test
    void theWebhookHandshakeAnswersOnlyTheLocalVerifyToken() {
        HttpResponse<String> verified = calls.call("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + server.verifyToken()
                + "&hub.challenge=1158201444", null, null);
        assertEquals(200, verified.statusCode());
        assertEquals("1158201444", verified.body());

        HttpResponse<String> refused = calls.call("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", null, null);
        assertEquals(403, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void aSignedDeliveryIsStoredAndAnUnsignedOneIsNot() {
        String body = Quickstart.inboundText(LocalServer.FAKE_PHONE_NUMBER_ID).replace("wamid.LOCAL-QUICKSTART-1", "wamid.TEST-SIGNED");
        assertEquals(401, calls.post("/webhooks/whatsapp", body, Map.of()).statusCode());
        assertEquals(401, calls.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", Calls.sign(body, "another-secret"))).statusCode());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM messages WHERE whatsapp_message_id = 'wamid.TEST-SIGNED'"));

        HttpResponse<String> stored = calls.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", Calls.sign(body, server.appSecret())));
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals("inbound|+16505551234|Hi! Is my order on its way?", sql.queryValue(
                "SELECT direction || '|' || phone || '|' || content FROM messages WHERE whatsapp_message_id = 'wamid.TEST-SIGNED'"));
    }

    @Test
    void anUnknownKeyIsRefusedWithProblemJson() {
        String unknown = "wak_01JAAAAAAAAAAAAAAAAAAAAAAA_" + "A".repeat(43);
        for (String key : new String[] {unknown, null}) {
            HttpResponse<String> refused = calls.call("GET", "/v1/templates", key, null);
            assertEquals(401, refused.statusCode());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(refused.body().contains("\"type\":\"urn:wa-gateway:problem:unauthorized\""), refused.body());
            assertTrue(refused.headers().firstValue("X-Correlation-Id").isPresent());
        }
        assertEquals(401, calls.call("PUT", "/v1/contacts/%2B12125550103", unknown, "{\"name\":\"Nobody\"}").statusCode());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM contacts WHERE phone = '+12125550103'"));
    }

    @Test
    void aNulOrALoneSurrogateAnywhereIsRefusedNamingTheFieldAndNothingIsStored() {
        String key = server.apiKey();
        Map<String, String[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("text.body", new String[] {"POST", "/v1/messages",
                "{\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"a\\u0000b\"}}"});
        bodies.put("metadata.order", new String[] {"POST", "/v1/messages",
                "{\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"ok\"},\"metadata\":{\"order\":\"\\ud83d\"}}"});
        bodies.put("template.name", new String[] {"POST", "/v1/messages",
                "{\"to\":\"16505551234\",\"type\":\"template\",\"template\":{\"name\":\"x\\u0000\",\"language\":{\"code\":\"en\"}}}"});
        bodies.put("name", new String[] {"PUT", "/v1/contacts/%2B16505551234", "{\"name\":\"Ana\\u0000\"}"});
        bodies.put("metadata", new String[] {"PUT", "/v1/contacts/%2B16505551234", "{\"metadata\":{\"k\\u0000\":\"v\"}}"});
        bodies.put("metadata.k", new String[] {"PUT", "/v1/contacts/%2B16505551234", "{\"metadata\":{\"k\":\"\\u0000\"}}"});
        bodies.put("profile_picture_url", new String[] {"PUT", "/v1/contacts/%2B16505551234",
                "{\"profile_picture_url\":\"https://example.com/\\u0000.png\"}"});
        bodies.forEach((field, call) -> assertRefused(calls.call(call[0], call[1], key, call[2]), field));
        for (String query : List.of("/v1/messages?q=a%00b|q", "/v1/templates?name=a%00|name", "/v1/templates?language=en%00|language",
                "/v1/contacts?q=%00|q")) {
            String[] parts = query.split("\\|");
            assertRefused(calls.call("GET", parts[0], key, null), parts[1]);
        }
        assertEquals("0", sql.queryValue("SELECT count(*) FROM contacts WHERE phone = '+16505551234'"));
        assertEquals("0", sql.queryValue("SELECT count(*) FROM messages WHERE phone = '+16505551234'"));
    }

    private static void assertRefused(HttpResponse<String> answer, String field) {
        assertEquals(400, answer.statusCode(), field + ": " + answer.body());
        assertTrue(answer.body().contains("urn:wa-gateway:problem:validation-failed"), answer.body());
        assertTrue(answer.body().contains("\"field\":\"" + field + "\""), field + ": " + answer.body());
    }

    @Test
    void aForeignOriginIsRefusedWithProblemJson() {
        HttpResponse<String> refused = calls.call("GET", "/v1/templates", server.apiKey(), null,
                Map.of("Origin", "https://elsewhere.example"));
        assertEquals(403, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(refused.body().contains("\"type\":\"urn:wa-gateway:problem:forbidden\""), refused.body());
        assertTrue(refused.body().contains("elsewhere.example"), refused.body());
        assertEquals(200, calls.call("GET", "/v1/templates", server.apiKey(), null, Map.of("Origin", "http://localhost:3000"))
                .statusCode(), "a page on this machine may call");
    }

    @Test
    void eachFunctionsOpenApiDocumentIsServedWithoutAKey() {
        Map<String, String> pathOf = Map.of("send-message", "/v1/messages:", "receive-webhook", "/webhooks/whatsapp:",
                "upsert-contact", "/v1/contacts/{ref}:", "list-templates", "/v1/templates:");
        pathOf.forEach((function, path) -> {
            HttpResponse<String> document = calls.call("GET", "/openapi/" + function + ".yml", null, null);
            assertEquals(200, document.statusCode(), function);
            assertTrue(document.body().startsWith("openapi: 3."), document.body());
            assertTrue(document.body().contains("\n  " + path + "\n"), function + " documents " + path);
        });
        assertEquals(404, calls.call("GET", "/openapi/db-migrate.yml", null, null).statusCode());
    }

    @Test
    void theLocalKeyHasEveryScopeAndIsStoredOnlyAsAHash() {
        assertEquals("[\"*\"]|local run|sha256|" + ApiKeyFormat.sha256Hex(server.apiKey()), sql.queryValue(
                "SELECT permissions::text || '|' || name || '|' || hash_algorithm || '|' || key_hash FROM api_keys WHERE deleted_at IS NULL"));
    }

    @Test
    void aPortInUseIsSaidPlainly() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            LocalServer.PortInUseException early = assertThrows(
                    LocalServer.PortInUseException.class, () -> LocalServer.requireFreePort(port));
            assertTrue(early.getMessage().startsWith("Port " + port + " is already in use"), early.getMessage());
            assertTrue(early.getMessage().contains("--port"), early.getMessage());
            // Taken between the check and the start: Netty's bind failure says the same.
            assertThrows(LocalServer.PortInUseException.class, () -> LocalServer.start(
                    new LocalServer.Options(database, port, false, home.resolve("other-key"))));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesOneDocumentForTheWholeApiAndOnePerFunction() {
        HttpResponse<String> combined = calls.call("GET", "/openapi/wa-gateway.yml", null, null);
        assertEquals(200, combined.statusCode(), combined.body());
        Map<String, Object> whole = new Yaml().load(combined.body());
        Map<String, Object> paths = (Map<String, Object>) whole.get("paths");
        Set<String> operationIds = new TreeSet<>();
        int operations = 0;
        for (String function : List.of("send-message", "receive-webhook", "upsert-contact", "list-templates", "manage-webhooks")) {
            HttpResponse<String> own = calls.call("GET", "/openapi/" + function + ".yml", null, null);
            assertEquals(200, own.statusCode(), function);
            Map<String, Object> document = new Yaml().load(own.body());
            for (Map.Entry<String, Object> path : ((Map<String, Object>) document.get("paths")).entrySet()) {
                assertEquals(path.getValue(), paths.get(path.getKey()), function + " " + path.getKey() + " in the combined document");
                for (Object operation : ((Map<String, Object>) path.getValue()).values()) {
                    operationIds.add(String.valueOf(((Map<String, Object>) operation).get("operationId")));
                    operations++;
                }
            }
        }
        assertEquals(operations, operationIds.size(), "operationIds unique across the API: " + operationIds);
        assertTrue(paths.keySet().containsAll(Set.of("/v1/messages", "/v1/contacts/{ref}", "/webhooks/whatsapp", "/v1/templates",
                "/v1/webhooks")), paths.keySet().toString());
        assertEquals(404, calls.call("GET", "/openapi/nothing.yml", null, null).statusCode());
    }
}
