package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.fakegraph.Fault;
import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** POST /v1/messages/{id}/read over HTTP and as a Lambda event, to the fake Graph API. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReceiptsTest implements FreshDatabase {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private final AtomicInteger wamids = new AtomicInteger();
    private Sql sql;
    private String key;
    private String readOnly;

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(SendTestSupport.properties(database, fake));
    }

    @BeforeAll
    void setUp() {
        key = "Bearer " + keys.create("read", List.of(Scopes.MESSAGES_SEND), 100_000, null).key();
        readOnly = "Bearer " + keys.create("reader", List.of(Scopes.MESSAGES_READ), 100_000, null).key();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    Stream<Caller> callers() {
        return Stream.of(TwoWays.http(server), TwoWays.lambda(new ApiGatewayHandler(context)));
    }

    /** A stored message as the webhook (inbound) or a send (outbound) leaves it; answers its id. */
    private String message(String direction, String phoneNumberId) {
        String id = Ids.MESSAGE.next();
        String wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA" + wamids.incrementAndGet();
        sql.execute("INSERT INTO messages (id, phone, direction, type, content, status, whatsapp_message_id, phone_number_id) "
                + "VALUES ('" + id + "', '+16505551234', '" + direction + "', 'text', 'hi', '"
                + (direction.equals("inbound") ? "received" : "sent") + "', '" + wamid + "', '" + phoneNumberId + "')");
        return id;
    }

    private Reply read(Caller caller, String id, String body, String auth) {
        return caller.call("POST", "/v1/messages/" + id + "/read", Map.of("Authorization", auth, "Content-Type", "application/json"), body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void anInboundMessageIsMarkedReadAtMetaWithOrWithoutTheTypingIndicator(Caller caller) {
        String id = message("inbound", SendTestSupport.OTHER_NUMBER);
        String wamid = sql.queryValue("SELECT whatsapp_message_id FROM messages WHERE id = '" + id + "'");
        Reply read = read(caller, id, "{}", key);
        assertEquals(200, read.status(), read.body());
        assertEquals(Map.of("id", id, "wamid", wamid, "typing_indicator", false), read.json());
        assertEquals(1, fake.sends().size());
        // Meta's "Mark messages as read" body, through the number the message came to.
        assertEquals(Map.of("messaging_product", "whatsapp", "status", "read", "message_id", wamid), fake.sends().getFirst().json());
        assertEquals("/" + FakeGraphApi.VERSION + "/" + SendTestSupport.OTHER_NUMBER + "/messages", fake.sends().getFirst().path());

        Reply typing = read(caller, id, "{\"typing_indicator\": {\"type\": \"text\"}}", key);
        assertEquals(200, typing.status(), typing.body());
        assertEquals(true, typing.json().get("typing_indicator"));
        // Meta's "Typing indicators" body.
        assertEquals(Map.of("messaging_product", "whatsapp", "status", "read", "message_id", wamid,
                "typing_indicator", Map.of("type", "text")), fake.readReceipts().get(1).json());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void aReadReceiptLeavesUnreadOnlyWhatTheUserSentAfterIt(Caller caller) {
        String phone = "+1650555" + (1000 + wamids.incrementAndGet());
        sql.execute("INSERT INTO contacts (id, phone, unread_count, message_count) VALUES ('" + Ids.CONTACT.next() + "', '"
                + phone + "', 3, 3)");
        String first = inbound(phone, "2026-03-01T10:00:00Z");
        String second = inbound(phone, "2026-03-01T10:01:00Z");
        inbound(phone, "2026-03-01T10:02:00Z");
        String unread = "SELECT unread_count FROM contacts WHERE phone = '" + phone + "'";

        fake.enqueue(Fault.metaError(131056));
        assertEquals(429, read(caller, second, "{}", key).status());
        assertEquals("3", sql.queryValue(unread), "Meta refused: nothing read");

        assertEquals(200, read(caller, second, "{}", key).status());
        assertEquals("1", sql.queryValue(unread), "the first two are read, the third is not");
        assertEquals(200, read(caller, first, "{}", key).status());
        assertEquals("1", sql.queryValue(unread), "an earlier message read again unreads nothing");
        String last = sql.queryValue("SELECT id FROM messages WHERE phone = '" + phone + "' ORDER BY created_at DESC LIMIT 1");
        assertEquals(200, read(caller, last, "{}", key).status());
        assertEquals("0", sql.queryValue(unread));
    }

    private String inbound(String phone, String at) {
        String id = Ids.MESSAGE.next();
        sql.execute("INSERT INTO messages (id, phone, direction, type, content, status, whatsapp_message_id, created_at) "
                + "VALUES ('" + id + "', '" + phone + "', 'inbound', 'text', 'hi', 'received', 'wamid.unread" + wamids.incrementAndGet()
                + "', '" + at + "')");
        return id;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void unknownOutboundAndInvalidRequestsAreRefusedWithoutCallingMeta(Caller caller) {
        Reply unknown = read(caller, Ids.MESSAGE.next(), "{}", key);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals(404, read(caller, "not-an-id", "{}", key).status());
        Reply outbound = read(caller, message("outbound", SendTestSupport.DEFAULT_NUMBER), "{}", key);
        assertEquals(422, outbound.status(), outbound.body());
        assertEquals("urn:wa-gateway:problem:message-not-inbound", outbound.json().get("type"));
        Reply badTyping = read(caller, message("inbound", SendTestSupport.DEFAULT_NUMBER), "{\"typing_indicator\": {\"type\": \"audio\"}}", key);
        assertEquals(400, badTyping.status(), badTyping.body());
        assertEquals(403, read(caller, message("inbound", SendTestSupport.DEFAULT_NUMBER), "{}", readOnly).status());
        assertEquals(0, fake.sends().size(), "Meta is not called");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void metasFailuresAreAnsweredAsASendsAre(Caller caller) {
        String id = message("inbound", SendTestSupport.DEFAULT_NUMBER);
        fake.enqueue(Fault.drop(), Fault.drop(), Fault.drop());
        Reply down = read(caller, id, "{}", key);
        assertEquals(503, down.status(), down.body());
        assertEquals("urn:wa-gateway:problem:upstream-unavailable", down.json().get("type"));
        assertNotNull(down.header("Retry-After"));

        fake.reset(); // drops the retries' budget left unused
        fake.enqueue(Fault.metaError(131056));
        Reply limited = read(caller, id, "{}", key);
        assertEquals(429, limited.status(), limited.body());
        assertNotNull(limited.header("Retry-After"));
    }
}
