package dev.wagateway.sendmessage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interactive (reply buttons, list, call-to-action URL), location, contacts and templates with header media and
 * buttons, over HTTP and as Lambda events, to the fake Graph API: the body Meta gets is exactly Meta's documented
 * example (files in {@code meta-examples/}, from the Cloud API's message pages), and a payload that breaks Meta's
 * limits is refused with a 400 naming the field before anything is written or sent.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageTypesTest implements FreshDatabase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXAMPLES = List.of("interactive-button", "interactive-list", "interactive-cta-url",
            "location", "contacts", "template-header-media-buttons");

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
        properties.put("whatsapp.graph.read-timeout", "5s");
    }

    @BeforeAll
    void setUp() {
        key = "Bearer " + keys.create("types", List.of(Scopes.MESSAGES_SEND, Scopes.MESSAGES_READ), 100_000, null).key();
        templates.save(Template.create("order_delivery_update", "en_US", "UTILITY", "APPROVED",
                "Hi {{1}}, your order {{2}} is on its way", List.of(Map.of("type", "HEADER", "format", "IMAGE"),
                        Map.of("type", "BODY", "text", "Hi {{1}}, your order {{2}} is on its way")), 2, "7"));
        // The recipient wrote a minute ago: the customer service window is open for the free-form types.
        sql.execute("INSERT INTO contacts (id, phone, last_inbound_at) VALUES ('contact_types', '+16505551234', now() - interval '1 minute')");
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

    Stream<Arguments> examples() {
        return callers().flatMap(caller -> EXAMPLES.stream().map(example -> Arguments.of(caller, example)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("examples")
    void metaGetsItsDocumentedExampleAndTheMessageShowsItsType(Caller caller, String example) throws IOException {
        Map<String, Object> meta = example(example);
        String type = (String) meta.get("type");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("to", "+1 650 555 1234");
        request.put("type", type);
        request.put(type, meta.get(type));
        Reply sent = caller.call("POST", "/v1/messages", headers(), JSON.writeValueAsString(request));
        assertEquals(202, sent.status(), sent.body());
        assertEquals(1, fake.sends().size());
        assertEquals(meta, fake.sends().getFirst().json(), "Meta gets exactly its documented body");

        Reply shown = caller.call("GET", "/v1/messages/" + sent.json().get("id"), Map.of("Authorization", key), null);
        assertEquals(200, shown.status(), shown.body());
        assertEquals(type, shown.json().get("type"));
        String content = String.valueOf(shown.json().get("content"));
        switch (example) {
            case "interactive-button" -> {
                assertTrue(content.startsWith("Hi Pablo!"), content);
                assertEquals("https://www.luckyshrub.com/assets/succulent-workshop.png", shown.json().get("media_url"));
            }
            case "interactive-list" -> assertEquals("Choose Shipping Option\nWhich shipping option do you prefer?", content);
            case "location" -> assertEquals("Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301 (37.44216251868683, -122.16153582049394)", content);
            case "contacts" -> assertEquals("Barbara J. Johnson", content);
            case "template-header-media-buttons" -> {
                assertEquals("Hi Pablo, your order 566701 is on its way", content);
                assertEquals("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png", shown.json().get("media_url"));
            }
            default -> assertTrue(content.contains("Tap the button"), content);
        }
    }

    /** A change to a documented example that breaks one of Meta's limits, and the field the 400 must name. */
    record Violation(String example, String field, Consumer<Object> change) {
        @Override
        public String toString() {
            return field;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Object root, Object... path) {
        // a list's entry by its index, an object's member by its name
        Object node = root;
        for (Object step : path) {
            node = step instanceof Integer i ? ((List<Object>) node).get(i) : ((Map<String, Object>) node).get(step);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static Stream<Violation> violations() {
        return Stream.of(
                new Violation("interactive-button", "interactive.action.buttons", p -> {
                    List<Object> buttons = (List<Object>) at(p, "action").get("buttons");
                    for (int i = 3; i <= 4; i++) {
                        buttons.add(Map.of("type", "reply", "reply", Map.of("id", "b" + i, "title", "Button " + i)));
                    }
                }),
                new Violation("interactive-button", "interactive.action.buttons[0].reply.title",
                        p -> at(p, "action", "buttons", 0, "reply").put("title", "A title of twenty-one")),
                new Violation("interactive-button", "interactive.action.buttons[1].reply.id",
                        p -> at(p, "action", "buttons", 1, "reply").put("id", "change-button")),
                new Violation("interactive-button", "interactive.action.buttons[0].reply.id",
                        p -> at(p, "action", "buttons", 0, "reply").put("id", "x".repeat(257))),
                new Violation("interactive-button", "interactive.body.text", p -> at(p, "body").put("text", "b".repeat(1025))),
                new Violation("interactive-button", "interactive.body", p -> at(p).remove("body")),
                new Violation("interactive-button", "interactive.footer.text", p -> at(p, "footer").put("text", "f".repeat(61))),
                new Violation("interactive-button", "interactive.header.image", p -> at(p, "header").put("image", Map.of())),
                new Violation("interactive-list", "interactive.header.type",
                        p -> at(p).put("header", Map.of("type", "image", "image", Map.of("link", "https://example.com/a.png")))),
                new Violation("interactive-list", "interactive.action.sections", p -> {
                    List<Object> rows = (List<Object>) at(p, "action", "sections", 0).get("rows");
                    for (int i = 0; i < 7; i++) {
                        rows.add(Map.of("id", "extra" + i, "title", "Extra " + i));
                    }
                }),
                new Violation("interactive-list", "interactive.action.sections[1].rows[0].id",
                        p -> at(p, "action", "sections", 1, "rows", 0).put("id", "priority_express")),
                new Violation("interactive-list", "interactive.action.sections[0].rows[0].title",
                        p -> at(p, "action", "sections", 0, "rows", 0).put("title", "t".repeat(25))),
                new Violation("interactive-list", "interactive.action.sections[0].rows[0].description",
                        p -> at(p, "action", "sections", 0, "rows", 0).put("description", "d".repeat(73))),
                new Violation("interactive-list", "interactive.action.sections[1].title",
                        p -> at(p, "action", "sections", 1).remove("title")),
                new Violation("interactive-list", "interactive.action.button", p -> at(p, "action").put("button", "b".repeat(21))),
                new Violation("interactive-cta-url", "interactive.action.parameters.display_text",
                        p -> at(p, "action", "parameters").put("display_text", "d".repeat(21))),
                new Violation("interactive-cta-url", "interactive.action.parameters.url",
                        p -> at(p, "action", "parameters").put("url", "javascript:alert(1)")),
                new Violation("interactive-cta-url", "interactive.header.text", p -> at(p, "header").put("text", "h".repeat(61))),
                new Violation("interactive-cta-url", "interactive.type", p -> at(p).put("type", "carousel")),
                new Violation("location", "location.latitude", p -> at(p).put("latitude", 91.5)),
                new Violation("location", "location.longitude", p -> at(p).remove("longitude")),
                new Violation("contacts", "contacts[0].name.formatted_name", p -> at(p, 0, "name").remove("formatted_name")),
                new Violation("contacts", "contacts[0].name", p -> at(p, 0).put("name", Map.of("formatted_name", "Only This"))),
                new Violation("contacts", "contacts[0].birthday", p -> at(p, 0).put("birthday", "23/01/1999")),
                new Violation("template-header-media-buttons", "template.components[2].index",
                        p -> at(p, "components", 2).put("index", "10")),
                new Violation("template-header-media-buttons", "template.components[3].sub_type",
                        p -> at(p, "components", 3).remove("sub_type")),
                new Violation("template-header-media-buttons", "template.components[0].parameters[0].image",
                        p -> at(p, "components", 0, "parameters", 0).put("image", Map.of("link", "https://a.example/x.png", "id", "1"))));
    }

    Stream<Arguments> callersAndViolations() {
        List<Arguments> all = new ArrayList<>();
        callers().forEach(caller -> violations().forEach(v -> all.add(Arguments.of(caller, v))));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("callersAndViolations")
    @SuppressWarnings("unchecked")
    void aPayloadBreakingMetasLimitsIsRefusedBeforeAnyCall(Caller caller, Violation violation) throws IOException, InterruptedException {
        Map<String, Object> meta = example(violation.example());
        String type = (String) meta.get("type");
        Object payload = meta.get(type);
        violation.change().accept(payload);
        String before = sql.queryValue("SELECT count(*) FROM messages");
        Map<String, Object> request = Map.of("to", "+16505551234", "type", type, type, payload);
        Reply refused = caller.call("POST", "/v1/messages", headers(), JSON.writeValueAsString(request));
        assertEquals(400, refused.status(), refused.body());
        assertEquals("urn:wa-gateway:problem:validation-failed", refused.json().get("type"));
        List<Map<String, Object>> errors = (List<Map<String, Object>>) refused.json().get("errors");
        assertTrue(errors.stream().anyMatch(e -> violation.field().equals(e.get("field"))), refused.body());
        assertEquals(0, fake.sends().size(), "Meta is not called");
        assertEquals(before, sql.queryValue("SELECT count(*) FROM messages"), "no message row is written");

        // Meta's own rules (the fake's) refuse the same body.
        Map<String, Object> graphBody = new LinkedHashMap<>(meta);
        graphBody.put(type, payload);
        HttpResponse<String> meta400 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fake.baseUrl() + "/" + SendTestSupport.DEFAULT_NUMBER + "/messages"))
                .header("Authorization", "Bearer " + SendTestSupport.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(graphBody))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, meta400.statusCode(), "the fake Graph API refuses it too: " + violation);
        int code = ((Number) ((Map<?, ?>) JSON.readValue(meta400.body(), Map.class).get("error")).get("code")).intValue();
        assertTrue(code == 131009 || code == 131008, meta400.body());
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", key, "Content-Type", "application/json");
    }

    private static Map<String, Object> example(String name) {
        try (InputStream in = MessageTypesTest.class.getResourceAsStream("/meta-examples/" + name + ".json")) {
            return JSON.readValue(in, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
