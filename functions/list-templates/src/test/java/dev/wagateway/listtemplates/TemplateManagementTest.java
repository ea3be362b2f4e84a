package dev.wagateway.listtemplates;

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
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST and DELETE /v1/templates against the fake Graph API, each case over HTTP and as a Lambda event:
 * Meta's rules refused before any call, the create stored PENDING with its event, duplicates, and deletes
 * of one language or all; the list the fake pages through agrees with each.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateManagementTest implements FreshDatabase {

    private static final String TOKEN = "EAAG-manage-token-secret";
    private static final String WABA = "102290129340398";

    private final FakeGraphApi fake = new FakeGraphApi(TOKEN);
    private Sql sql;
    private String writer;
    private String reader;

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.business-account-id", WABA);
        properties.put("whatsapp.graph.base-url", fake.baseUrl());
        properties.put("whatsapp.graph.read-timeout", "2s"); // room for a loaded machine; Fault.slow beyond it
        properties.put("whatsapp.graph.initial-backoff", "10ms");
    }

    @BeforeAll
    void setUp() {
        writer = "Bearer " + keys.create("writer", List.of(Scopes.TEMPLATES_WRITE, Scopes.TEMPLATES_READ), 100_000, null).key();
        reader = "Bearer " + keys.create("reader", List.of(Scopes.TEMPLATES_READ, Scopes.TEMPLATES_SYNC), 100_000, null).key();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    Stream<Caller> callers() {
        return Stream.of(TwoWays.http(server), TwoWays.lambda(new ApiGatewayHandler(context)));
    }

    private static String template(String name, String language) {
        return """
                {"name": "%s", "language": "%s", "category": "utility",
                 "components": [
                   {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["1234"]}},
                   {"type": "BODY", "text": "Hi {{1}}, your order {{2}} is ready.", "example": {"body_text": [["Maria", "1234"]]}},
                   {"type": "FOOTER", "text": "Reply STOP to opt out"},
                   {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks"}]}]}""".formatted(name, language);
    }

    private Reply call(Caller caller, String method, String path, String key, String body) {
        Map<String, String> headers = body == null ? Map.of("Authorization", key)
                : Map.of("Authorization", key, "Content-Type", "application/json");
        return caller.call(method, path, headers, body);
    }

    @ParameterizedTest
    @MethodSource("callers")
    @SuppressWarnings("unchecked")
    void createsAtMetaAndStoresItPendingWithItsEvent(Caller caller) {
        String name = "order_ready_" + caller.toString().toLowerCase();
        Reply created = call(caller, "POST", "/v1/templates", writer, template(name, "en_US"));
        assertEquals(201, created.status(), created.body());
        Map<String, Object> view = created.json();
        assertEquals("PENDING", view.get("status"));
        assertEquals("UTILITY", view.get("category"));
        assertEquals(2, view.get("body_parameter_count"));

        FakeGraphApi.RecordedRequest sent = fake.requests().getLast();
        assertEquals("POST", sent.method());
        assertEquals("/" + FakeGraphApi.VERSION + "/" + WABA + "/message_templates", sent.path());
        Map<String, Object> body = sent.json();
        assertEquals(name, body.get("name"));
        assertEquals("UTILITY", body.get("category"));
        assertEquals(4, ((List<Object>) body.get("components")).size());

        assertEquals("PENDING", sql.queryValue("SELECT status FROM templates WHERE name = '" + name + "' AND deleted_at IS NULL"));
        String whatsappId = sql.queryValue("SELECT whatsapp_template_id FROM templates WHERE name = '" + name + "'");
        assertTrue(whatsappId != null && !whatsappId.isBlank());
        assertEquals("1", sql.queryValue("SELECT count(*) FROM events WHERE type = 'template.updated' AND template_id = '"
                + view.get("id") + "' AND data->>'change' = 'created' AND data->>'source' = 'api'"));

        // The listing shows it, and a sync (Meta's list now holds it too) keeps that one row as it is.
        Reply listed = call(caller, "GET", "/v1/templates?name=" + name, reader, null);
        assertEquals(1, ((List<Object>) listed.json().get("items")).size());
        Reply synced = call(caller, "POST", "/v1/templates/sync", reader, null);
        assertEquals(200, synced.status(), synced.body());
        assertEquals(view.get("id"), sql.queryValue("SELECT id FROM templates WHERE name = '" + name + "' AND deleted_at IS NULL"));
        assertEquals("PENDING", sql.queryValue("SELECT status FROM templates WHERE name = '" + name + "' AND deleted_at IS NULL"));

        Reply again = call(caller, "POST", "/v1/templates", writer, template(name, "en_US"));
        assertEquals(409, again.status(), again.body());
        assertTrue(again.body().contains("template-exists"), again.body());
    }

    @ParameterizedTest
    @MethodSource("callers")
    @SuppressWarnings("unchecked")
    void refusesWhatMetaWouldRefuseBeforeCallingIt(Caller caller) {
        String tooLong = "x".repeat(TemplateRules.MAX_BODY + 1);
        String body = """
                {"name": "Bad Name", "language": "english", "category": "PROMO",
                 "components": [
                   {"type": "BODY", "text": "%s"},
                   {"type": "BODY", "text": "two bodies"},
                   {"type": "FOOTER", "text": "Hi {{1}}"},
                   {"type": "BUTTONS", "buttons": [
                     {"type": "URL", "text": "a", "url": "https://a.example"}, {"type": "URL", "text": "b", "url": "https://b.example"},
                     {"type": "URL", "text": "c", "url": "https://c.example"},
                     {"type": "QUICK_REPLY", "text": "this text is far longer than twenty-five"}]}]}""".formatted(tooLong);
        int before = fake.requestCount();
        Reply refused = call(caller, "POST", "/v1/templates", writer, body);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));
        List<Map<String, Object>> errors = (List<Map<String, Object>>) refused.json().get("errors");
        List<Object> fields = errors.stream().map(e -> e.get("field")).toList();
        for (String field : List.of("name", "language", "category", "components[0].text", "components[1].type",
                "components[2].text", "components[3].buttons", "components[3].buttons[3].text")) {
            assertTrue(fields.contains(field), field + " not in " + fields);
        }
        Reply noExamples = call(caller, "POST", "/v1/templates", writer, """
                {"name": "no_examples", "language": "en", "category": "MARKETING",
                 "components": [{"type": "BODY", "text": "Hello {{1}} and {{3}} today"}]}""");
        assertEquals(400, noExamples.status(), noExamples.body());
        assertTrue(noExamples.body().contains("{{1}}, {{2}}"), noExamples.body());
        assertTrue(noExamples.body().contains("components[0].example.body_text"), noExamples.body());

        Reply noBody = call(caller, "POST", "/v1/templates", writer, "{\"name\": \"x\", \"language\": \"en\", \"category\": \"UTILITY\"}");
        assertEquals(400, noBody.status(), noBody.body());
        assertEquals(before, fake.requestCount(), "Meta must not be called for a refused template");

        Reply readOnly = call(caller, "POST", "/v1/templates", reader, template("not_allowed", "en"));
        assertEquals(403, readOnly.status(), readOnly.body());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void metasRefusalAndOutageAreProblems(Caller caller) {
        String name = "meta_refuses_" + caller.toString().toLowerCase();
        fake.enqueue(Fault.metaError(100));
        Reply refused = call(caller, "POST", "/v1/templates", writer, template(name, "en"));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("whatsapp-invalid-parameter"), refused.body());

        fake.enqueue(Fault.drop());
        Reply down = call(caller, "POST", "/v1/templates", writer, template(name, "en"));
        assertEquals(503, down.status(), down.body());
        assertEquals("5", down.header("Retry-After"));
        assertEquals("0", sql.queryValue("SELECT count(*) FROM templates WHERE name = '" + name + "'"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    @SuppressWarnings("unchecked")
    void deletesOneLanguageByItsIdOrEveryLanguageByName(Caller caller) {
        String name = "seasonal_" + caller.toString().toLowerCase();
        for (String language : List.of("en", "es", "pt_BR")) {
            assertEquals(201, call(caller, "POST", "/v1/templates", writer, template(name, language)).status());
        }
        String spanishId = sql.queryValue("SELECT whatsapp_template_id FROM templates WHERE name = '" + name + "' AND language = 'es'");

        Reply one = call(caller, "DELETE", "/v1/templates/" + name + "?language=es", writer, null);
        assertEquals(200, one.status(), one.body());
        assertEquals(1, ((List<Object>) one.json().get("deleted")).size());
        FakeGraphApi.RecordedRequest deleteOne = fake.requests().getLast();
        assertEquals("DELETE", deleteOne.method());
        assertEquals(Map.of("name", name, "hsm_id", spanishId), deleteOne.query());
        assertEquals("2", sql.queryValue("SELECT count(*) FROM templates WHERE name = '" + name + "' AND deleted_at IS NULL"));

        Reply all = call(caller, "DELETE", "/v1/templates/" + name, writer, null);
        assertEquals(200, all.status(), all.body());
        assertEquals(2, ((List<Object>) all.json().get("deleted")).size());
        assertEquals(Map.of("name", name), fake.requests().getLast().query());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM templates WHERE name = '" + name + "' AND deleted_at IS NULL"));
        assertEquals("3", sql.queryValue("SELECT count(*) FROM events WHERE type = 'template.updated' AND data->>'change' = 'deleted'"
                + " AND data->'template'->>'name' = '" + name + "'"));

        // Meta no longer has it: a sync removes nothing more and adds nothing back.
        Reply synced = call(caller, "POST", "/v1/templates/sync", reader, null);
        assertEquals(200, synced.status(), synced.body());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM templates WHERE name = '" + name + "' AND deleted_at IS NULL"));

        Reply gone = call(caller, "DELETE", "/v1/templates/" + name, writer, null);
        assertEquals(404, gone.status(), gone.body());
        Reply unknownLanguage = call(caller, "DELETE", "/v1/templates/" + name + "?language=de", writer, null);
        assertEquals(404, unknownLanguage.status(), unknownLanguage.body());
    }
}
