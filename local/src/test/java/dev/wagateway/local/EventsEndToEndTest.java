package dev.wagateway.local;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.TestDatabases;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event type, from the request that causes it to a real subscriber on loopback: the product as
 * the local run serves it (every function, ElasticMQ, the in-process dispatcher), each delivery
 * verified with the Standard Webhooks library.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsEndToEndTest {

    private static final String PHONE = "+16505550188";

    @TempDir
    static Path home;

    private LocalServer server;
    private Calls calls;
    private HttpServer subscriber;
    private final List<Map<String, Object>> deliveries = new CopyOnWriteArrayList<>();
    private String secret;
    private final JsonMapper json = JsonMapper.createDefault();

    @BeforeAll
    void start() throws IOException {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        server = LocalServer.start(new LocalServer.Options(database, Calls.freePort(), false, home.resolve("local-api-key")));
        calls = new Calls(server.url());
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
        subscriber.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(Map.of("body", body, "headers", new HashMap<>(exchange.getRequestHeaders())));
            exchange.sendResponseHeaders(200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes(StandardCharsets.UTF_8));
            }
        });
        subscriber.start();
        HttpResponse<String> created = calls.call("POST", "/v1/webhooks", server.apiKey(), "{\"url\":\"http://127.0.0.1:"
                + subscriber.getAddress().getPort() + "/hooks\",\"events\":[\"*\"]}");
        assertEquals(201, created.statusCode(), created.body());
        secret = (String) read(created.body()).get("secret");
    }

    @AfterAll
    void stop() {
        if (subscriber != null) {
            subscriber.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyEventTypeReachesTheSubscriberSigned() throws Exception {
        assertEquals(201, calls.call("PUT", "/v1/contacts/" + PHONE.replace("+", "%2B"), server.apiKey(), "{\"name\":\"Rui\"}").statusCode());
        assertEquals(200, calls.call("PUT", "/v1/contacts/" + PHONE.replace("+", "%2B"), server.apiKey(), "{\"name\":\"Rui M.\"}").statusCode());
        assertEquals(200, calls.call("PUT", "/v1/contacts/" + PHONE.replace("+", "%2B"), server.apiKey(), "{\"name\":\"Rui M.\"}").statusCode(),
                "unchanged: no event");
        HttpResponse<String> sent = calls.call("POST", "/v1/messages", server.apiKey(),
                "{\"to\":\"" + PHONE + "\",\"type\":\"text\",\"text\":{\"body\":\"Your order shipped\"}}");
        assertEquals(202, sent.statusCode(), sent.body());
        String wamid = (String) read(sent.body()).get("wamid");
        String status = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + LocalServer.FAKE_BUSINESS_ACCOUNT_ID
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + LocalServer.FAKE_PHONE_NUMBER_ID + "\"},\"statuses\":[{\"id\":\"" + wamid
                + "\",\"status\":\"delivered\",\"timestamp\":\"1767225700\",\"recipient_id\":\"16505550188\","
                + "\"conversation\":{\"id\":\"c1\",\"origin\":{\"type\":\"utility\"}},"
                + "\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\",\"category\":\"utility\"}}]},\"field\":\"messages\"}]}]}";
        for (int i = 0; i < 2; i++) {
            assertEquals(200, calls.post("/webhooks/whatsapp", status, Map.of("X-Hub-Signature-256", Calls.sign(status, server.appSecret())))
                    .statusCode());
        }
        String inbound = Quickstart.inboundText(LocalServer.FAKE_PHONE_NUMBER_ID).replace("wamid.LOCAL-QUICKSTART-1", "wamid.E2E-IN-1");
        for (int i = 0; i < 2; i++) {
            assertEquals(200, calls.post("/webhooks/whatsapp", inbound, Map.of("X-Hub-Signature-256", Calls.sign(inbound, server.appSecret())))
                    .statusCode());
        }
        // A customer Meta names by phone, BSUID and parent BSUID: the event carries every identity.
        String withBsuid = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + LocalServer.FAKE_BUSINESS_ACCOUNT_ID
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + LocalServer.FAKE_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Jos\u00e9\","
                + "\"username\":\"jose.nandu\"},\"wa_id\":\"16505551234\",\"user_id\":\"US.13491208655302741918\","
                + "\"parent_user_id\":\"US.ENT.11815799212886844830\"}],\"messages\":[{\"from\":\"16505551234\","
                + "\"from_user_id\":\"US.13491208655302741918\",\"from_parent_user_id\":\"US.ENT.11815799212886844830\","
                + "\"id\":\"wamid.E2E-BSUID-1\",\"timestamp\":\"1776902460\",\"type\":\"text\",\"text\":{\"body\":\"Same again\"}}]},"
                + "\"field\":\"messages\"}]}]}";
        assertEquals(200, calls.post("/webhooks/whatsapp", withBsuid, Map.of("X-Hub-Signature-256", Calls.sign(withBsuid, server.appSecret())))
                .statusCode());
        assertEquals(200, calls.call("POST", "/v1/templates/sync", server.apiKey(), null).statusCode());
        assertEquals(204, calls.call("DELETE", "/v1/contacts/" + PHONE.replace("+", "%2B"), server.apiKey(), null).statusCode());

        List<String> expected = List.of("contact.created", "contact.updated", "message.created", "message.status",
                "message.received", "template.updated", "contact.deleted");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!types().containsAll(expected)) {
            assertTrue(System.nanoTime() < deadline, "got only " + types());
            Thread.sleep(50);
        }
        Thread.sleep(500);

        Webhook verifier = new Webhook(secret);
        Map<String, Map<String, Object>> byType = new HashMap<>();
        for (Map<String, Object> delivery : deliveries) {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> headers = (Map<String, List<String>>) delivery.get("headers");
            verifier.verify((String) delivery.get("body"), headers);
            Map<String, Object> event = read((String) delivery.get("body"));
            byType.merge((String) event.get("type"), event, (a, b) -> a);
        }
        assertEquals(1, types().stream().filter("message.status"::equals).count(), "Meta's repeated status: one event");
        assertEquals(2, types().stream().filter("message.received"::equals).count(),
                "Meta's repeated message: one event (and one for the customer with a BSUID)");
        assertEquals(1, types().stream().filter("contact.updated"::equals).count(), "a PUT that changes nothing: no event");

        Map<String, Object> statusData = data(byType.get("message.status"));
        assertEquals("delivered", statusData.get("status"));
        assertEquals("sent", statusData.get("previous_status"));
        assertEquals(wamid, statusData.get("whatsapp_message_id"));
        assertEquals("utility", ((Map<?, ?>) statusData.get("pricing")).get("category"));
        assertEquals("c1", ((Map<?, ?>) statusData.get("conversation")).get("id"));
        Map<?, ?> received = (Map<?, ?>) data(receivedEvent("wamid.E2E-IN-1")).get("message");
        assertEquals("Hi! Is my order on its way?", received.get("content"));
        Map<String, Object> bsuidEvent = receivedEvent("wamid.E2E-BSUID-1");
        Map<?, ?> bsuidMessage = (Map<?, ?>) data(bsuidEvent).get("message");
        Map<?, ?> bsuidContact = (Map<?, ?>) data(bsuidEvent).get("contact");
        assertEquals("+16505551234", bsuidMessage.get("phone"));
        assertEquals("US.13491208655302741918", bsuidMessage.get("user_id"));
        assertEquals("US.ENT.11815799212886844830", bsuidMessage.get("parent_user_id"));
        assertEquals("US.ENT.11815799212886844830", bsuidContact.get("parent_user_id"));
        assertEquals("jose.nandu", bsuidContact.get("username"));
        assertEquals(((Map<?, ?>) data(byType.get("message.created")).get("message")).get("id"), read(sent.body()).get("id"));

        // One conversation, numbered in the order its events were written.
        List<Long> sequences = new ArrayList<>();
        for (Map<String, Object> delivery : deliveries) {
            Map<String, Object> event = read((String) delivery.get("body"));
            if (PHONE.equals(event.get("conversation"))) {
                sequences.add(((Number) event.get("sequence")).longValue());
            }
        }
        assertEquals(sequences.size(), sequences.stream().distinct().count(), "each number once: " + sequences);
        assertTrue(sequences.containsAll(List.of(1L, 2L, 3L, 4L)), sequences.toString());
        assertNull(byType.get("template.updated").get("conversation"));
    }

    private Map<String, Object> receivedEvent(String wamid) {
        return deliveries.stream().map(d -> read((String) d.get("body")))
                .filter(e -> "message.received".equals(e.get("type")))
                .filter(e -> wamid.equals(((Map<?, ?>) data(e).get("message")).get("whatsapp_message_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no message.received for " + wamid));
    }

    private List<String> types() {
        return deliveries.stream().map(d -> (String) read((String) d.get("body")).get("type")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    private Map<String, Object> read(String body) {
        try {
            return json.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
