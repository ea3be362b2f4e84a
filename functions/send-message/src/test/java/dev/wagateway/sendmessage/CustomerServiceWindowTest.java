package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.wagateway.shared.contact.ContactRepository;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.message.MessageWriter;
import dev.wagateway.shared.message.ReceivedMessage;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 24-hour customer service window on POST /v1/messages (check on, the default): a free-form message to a user
 * who wrote more than 24 hours ago, or never, is a 422 {@code whatsapp-window-closed} with no row and no Graph call;
 * within it, and a template at any time, go. {@link WindowCheckOffTest}: the setting off.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerServiceWindowTest implements FreshDatabase {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private Sql sql;
    private String key;

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService keys;

    @Inject
    TemplateRepository templates;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(SendTestSupport.properties(database, fake));
        properties.remove("sending.window-check");
    }

    @BeforeAll
    void setUp() {
        key = "Bearer " + keys.create("window", List.of(Scopes.MESSAGES_SEND), 100_000, null).key();
        templates.save(Template.create("welcome_back", "en_US", "UTILITY", "APPROVED", "Welcome back", List.of(), 0, "9"));
        sql.execute("INSERT INTO contacts (id, phone, last_inbound_at) VALUES "
                + "('contact_open', '+16505550001', now() - interval '23 hours'), "
                + "('contact_closed', '+16505550002', now() - interval '25 hours')");
        sql.execute("INSERT INTO contacts (id, user_id, last_inbound_at) VALUES ('contact_bsuid', 'US.13491208655302741918', now() - interval '1 hour')");
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

    private Reply send(Caller caller, String to, String type, String payload) {
        return caller.call("POST", "/v1/messages", Map.of("Authorization", key, "Content-Type", "application/json"),
                "{\"to\":\"" + to + "\",\"type\":\"" + type + "\",\"" + type + "\":" + payload + "}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void outsideTheWindowOnlyATemplateGoes(Caller caller) {
        String before = sql.queryValue("SELECT count(*) FROM messages");
        for (String to : List.of("+16505550002", "+16505550099")) {
            Reply closed = send(caller, to, "text", "{\"body\":\"hello\"}");
            assertEquals(422, closed.status(), closed.body());
            assertEquals("urn:wa-gateway:problem:whatsapp-window-closed", closed.json().get("type"));
            assertTrue(String.valueOf(closed.json().get("detail")).contains("template"), closed.body());
        }
        Reply buttons = send(caller, "+16505550002", "interactive", "{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},"
                + "\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"a\",\"title\":\"A\"}}]}}");
        assertEquals(422, buttons.status(), buttons.body());
        assertEquals(0, fake.sends().size(), "Meta is not called");
        assertEquals(before, sql.queryValue("SELECT count(*) FROM messages"), "no row is written");

        Reply template = send(caller, "+16505550002", "template", "{\"name\":\"welcome_back\",\"language\":{\"code\":\"en_US\"}}");
        assertEquals(202, template.status(), template.body());
        assertEquals(202, send(caller, "+16505550001", "text", "{\"body\":\"within 24 hours\"}").status());
        assertEquals(202, send(caller, "US.13491208655302741918", "text", "{\"body\":\"by BSUID\"}").status());
        assertEquals(3, fake.sends().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void aWindowRefusalKeepsNothingUnderItsIdempotencyKeySoARetryAfterTheCustomerWritesGoes(Caller caller) {
        String phone = "+1650555" + (2000 + (int) (Math.random() * 7000));
        sql.execute("INSERT INTO contacts (id, phone, last_inbound_at) VALUES ('contact_" + java.util.UUID.randomUUID()
                + "', '" + phone + "', now() - interval '2 days')");
        Map<String, String> headers = Map.of("Authorization", key, "Content-Type", "application/json",
                "Idempotency-Key", java.util.UUID.randomUUID().toString());
        String body = "{\"to\":\"" + phone + "\",\"type\":\"text\",\"text\":{\"body\":\"your order shipped\"}}";
        Reply closed = caller.call("POST", "/v1/messages", headers, body);
        assertEquals(422, closed.status(), closed.body());
        assertEquals("urn:wa-gateway:problem:whatsapp-window-closed", closed.json().get("type"));

        sql.execute("UPDATE contacts SET last_inbound_at = now() WHERE phone = '" + phone + "'"); // the customer wrote
        Reply sent = caller.call("POST", "/v1/messages", headers, body);
        assertEquals(202, sent.status(), sent.body());
        assertEquals(null, sent.header("Idempotent-Replayed"), "judged afresh, not replayed from the refusal");
        Reply replayed = caller.call("POST", "/v1/messages", headers, body);
        assertEquals(202, replayed.status(), replayed.body());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(sent.json().get("id"), replayed.json().get("id"));
        assertEquals(1, fake.sends().size(), "sent once");
    }

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    MessageWriter writer;

    @Test
    void anInboundMessageOpensTheWindowAndTheContactShowsUntilWhen() {
        String phone = "+16505550003";
        assertEquals(422, send(TwoWays.http(server), phone, "text", "{\"body\":\"x\"}").status(), "never wrote");
        Instant sentAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        // The webhook's path: the message stored by its writer, which keeps the contact's last inbound time.
        transactions.executeWrite(status -> {
            try {
                return writer.storeReceived(new ReceivedMessage("wamid.window-opened", WhatsAppUser.ofPhone(phone), null, "Ana",
                        "text", "hi", null, null, sentAt, SendTestSupport.DEFAULT_NUMBER, "{}", "{}"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(sentAt.plus(Duration.ofHours(24)), context.getBean(ContactRepository.class).findLiveByPhone(phone)
                .orElseThrow().windowOpenUntil());
        assertEquals(202, send(TwoWays.http(server), phone, "text", "{\"body\":\"x\"}").status());
    }
}
