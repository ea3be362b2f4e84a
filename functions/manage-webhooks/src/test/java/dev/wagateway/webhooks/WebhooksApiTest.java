package dev.wagateway.webhooks;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscriptions API and the events listing, each case over HTTP and as a Lambda event. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksApiTest implements FreshDatabase {

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService apiKeys;

    private String manager;
    private String reader;
    private HttpServer receiver;
    private final ConcurrentLinkedQueue<Map<String, Object>> received = new ConcurrentLinkedQueue<>();

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        // The local run's rules: a loopback http:// subscriber is allowed here (AddressGuardTest has AWS's).
        properties.put("events.delivery.allow-plain-http", "true");
        properties.put("events.delivery.allow-private-addresses", "true");
    }

    @BeforeAll
    void start() throws Exception {
        manager = "Bearer " + apiKeys.create("manager", List.of(Scopes.WEBHOOKS_MANAGE, Scopes.EVENTS_READ), 100_000, null).key();
        reader = "Bearer " + apiKeys.create("reader", List.of(Scopes.CONTACTS_READ), 100_000, null).key();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
            received.add(Map.of("body", body, "headers", headers));
            int status = exchange.getRequestURI().getPath().endsWith("/down") ? 500 : 200;
            byte[] reply = "thanks".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        receiver.start();
    }

    @AfterAll
    void stop() {
        receiver.stop(0);
    }

    Stream<Caller> callers() {
        return Stream.of(TwoWays.http(server), TwoWays.lambda(new ApiGatewayHandler(context)));
    }

    private String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private Reply call(Caller caller, String method, String path, String body) {
        Map<String, String> headers = body == null ? Map.of("Authorization", manager)
                : Map.of("Authorization", manager, "Content-Type", "application/json");
        return caller.call(method, path, headers, body);
    }

    private Map<String, Object> create(Caller caller, String url, String events) {
        Reply created = call(caller, "POST", "/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":" + events + ",\"description\":\"crm\"}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @ParameterizedTest
    @MethodSource("callers")
    void createReadChangeDelete(Caller caller) {
        Map<String, Object> created = create(caller, receiverUrl("/crm"), "[\"message.received\",\"message.status\"]");
        String id = (String) created.get("id");
        assertTrue(id.startsWith("wh_"), id);
        assertTrue(((String) created.get("secret")).startsWith("whsec_"));
        assertEquals("standard", created.get("signature_scheme"));
        assertEquals(List.of("message.received", "message.status"), created.get("events"));

        Reply one = call(caller, "GET", "/v1/webhooks/" + id, null);
        assertEquals(200, one.status(), one.body());
        assertNull(one.json().get("secret"), "the secret is shown only once");
        assertEquals(true, one.json().get("active"));

        Reply changed = call(caller, "PATCH", "/v1/webhooks/" + id, "{\"events\":[\"*\"],\"active\":false,\"description\":\"\"}");
        assertEquals(200, changed.status(), changed.body());
        assertEquals(List.of("*"), changed.json().get("events"));
        assertEquals(false, changed.json().get("active"));
        assertNull(changed.json().get("description"));
        assertEquals(receiverUrl("/crm"), changed.json().get("url"), "absent members are kept");

        Reply listed = call(caller, "GET", "/v1/webhooks?limit=100", null);
        assertTrue(listed.body().contains(id), listed.body());

        assertEquals(204, call(caller, "DELETE", "/v1/webhooks/" + id, null).status());
        assertEquals(404, call(caller, "GET", "/v1/webhooks/" + id, null).status());
        assertEquals(404, call(caller, "DELETE", "/v1/webhooks/" + id, null).status());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void badSubscriptionsAreRefusedWithTheField(Caller caller) {
        for (String body : List.of("{\"url\":\"ftp://example.com/x\",\"events\":[\"*\"]}",
                "{\"url\":\"not a url\",\"events\":[\"*\"]}",
                "{\"url\":\"" + receiverUrl("/x") + "\",\"events\":[\"message.sent\"]}",
                "{\"url\":\"" + receiverUrl("/x") + "\",\"events\":[\"webhook.test\"]}",
                "{\"url\":\"" + receiverUrl("/x") + "\",\"events\":[]}",
                "{\"url\":\"" + receiverUrl("/x") + "\"}",
                "{\"url\":\"" + receiverUrl("/x") + "\",\"events\":[\"*\"],\"signature_scheme\":\"md5\"}",
                "{\"url\":\"https://no-such-host.invalid/x\",\"events\":[\"*\"]}",
                "[]", "{")) {
            Reply reply = call(caller, "POST", "/v1/webhooks", body);
            assertEquals(400, reply.status(), body + " -> " + reply.body());
            assertEquals("application/problem+json", reply.header("Content-Type"));
        }
    }

    @ParameterizedTest
    @MethodSource("callers")
    void theTestRouteDeliversASignedEventNowAndLogsTheAttempt(Caller caller) throws Exception {
        Map<String, Object> created = create(caller, receiverUrl("/ok"), "[\"*\"]");
        String id = (String) created.get("id");
        received.clear();
        Reply tested = call(caller, "POST", "/v1/webhooks/" + id + "/test", null);
        assertEquals(200, tested.status(), tested.body());
        assertEquals(true, tested.json().get("delivered"));
        assertEquals(200, tested.json().get("status_code"));
        assertEquals("thanks", tested.json().get("response_excerpt"));

        Map<String, Object> delivery = received.poll();
        assertNotNull(delivery);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) delivery.get("headers");
        new Webhook((String) created.get("secret")).verify((String) delivery.get("body"), headers);
        assertTrue(((String) delivery.get("body")).contains("\"type\":\"webhook.test\""));

        Reply log = call(caller, "GET", "/v1/webhooks/" + id + "/deliveries", null);
        assertEquals(200, log.status(), log.body());
        List<?> items = (List<?>) log.json().get("items");
        assertEquals(1, items.size());
        assertEquals("delivered", ((Map<?, ?>) items.getFirst()).get("delivery_state"));
        assertEquals(tested.json().get("event_id"), ((Map<?, ?>) items.getFirst()).get("event_id"));

        Reply event = call(caller, "GET", "/v1/events/" + tested.json().get("event_id"), null);
        assertEquals(200, event.status(), event.body());
        assertEquals("webhook.test", event.json().get("type"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aFailingTestSaysWhatTheSubscriberAnswered(Caller caller) {
        String id = (String) create(caller, receiverUrl("/down"), "[\"*\"]").get("id");
        Reply tested = call(caller, "POST", "/v1/webhooks/" + id + "/test", null);
        assertEquals(200, tested.status(), tested.body());
        assertEquals(false, tested.json().get("delivered"));
        assertEquals(500, tested.json().get("status_code"));
        Reply pending = call(caller, "GET", "/v1/webhooks/" + id + "/deliveries?state=pending", null);
        assertEquals(1, ((List<?>) pending.json().get("items")).size(), "retried like any delivery: " + pending.body());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void rotationAnswersTheNewSecretOnce(Caller caller) {
        Map<String, Object> created = create(caller, receiverUrl("/rot"), "[\"*\"]");
        String id = (String) created.get("id");
        Reply rotated = call(caller, "POST", "/v1/webhooks/" + id + "/secret", null);
        assertEquals(200, rotated.status(), rotated.body());
        assertNotEquals(created.get("secret"), rotated.json().get("secret"));
        Instant until = Instant.parse((String) rotated.json().get("previous_secret_valid_until"));
        assertTrue(until.isAfter(Instant.now().plusSeconds(23 * 3600)));
        assertEquals(rotated.json().get("previous_secret_valid_until"),
                call(caller, "GET", "/v1/webhooks/" + id, null).json().get("previous_secret_valid_until"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void eventsArePagedByTheLastIdSeen(Caller caller) {
        String id = (String) create(caller, receiverUrl("/page"), "[\"*\"]").get("id");
        String first = (String) call(caller, "POST", "/v1/webhooks/" + id + "/test", null).json().get("event_id");
        String second = (String) call(caller, "POST", "/v1/webhooks/" + id + "/test", null).json().get("event_id");

        Reply page = call(caller, "GET", "/v1/events?type=webhook.test&after=" + first + "&limit=1000", null);
        assertEquals(200, page.status(), page.body());
        List<?> items = (List<?>) page.json().get("items");
        assertEquals(second, ((Map<?, ?>) items.getFirst()).get("id"));
        assertFalse(page.body().contains(first));
        assertEquals(400, call(caller, "GET", "/v1/events?after=evt_nope", null).status());
        assertEquals(400, call(caller, "GET", "/v1/events?type=message.sent", null).status());
        assertEquals(400, call(caller, "GET", "/v1/events?after=evt_01ARZ3NDEKTSV4RRFFQ69G5FAV", null).status());

        Reply redelivered = call(caller, "POST", "/v1/events/" + second + "/redeliver", null);
        assertEquals(202, redelivered.status(), redelivered.body());
        Reply replayed = call(caller, "POST", "/v1/webhooks/" + id + "/replay",
                "{\"from\":\"" + Instant.now().minusSeconds(60) + "\",\"to\":\"" + Instant.now().plusSeconds(1) + "\"}");
        assertEquals(202, replayed.status(), replayed.body());
        // Its own two test events are in the range; the second is queued already (redelivered, due now).
        assertEquals(1, replayed.json().get("queued"), replayed.body());
        assertEquals(404, call(caller, "POST", "/v1/events/evt_01ARZ3NDEKTSV4RRFFQ69G5FAV/redeliver", null).status());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void everyRouteNeedsItsScope(Caller caller) {
        assertEquals(403, caller.call("GET", "/v1/webhooks", Map.of("Authorization", reader), null).status());
        assertEquals(403, caller.call("GET", "/v1/events", Map.of("Authorization", reader), null).status());
        assertEquals(401, caller.call("GET", "/v1/webhooks", Map.of(), null).status());
    }
}
