package dev.wagateway.listtemplates;

import dev.wagateway.lambdaevents.LambdaEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.fakegraph.Fault;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployed entry points: the HTTP routes through the Lambda handler, and the scheduled sync handler. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplateLambdaTest {

    private static final String TOKEN = "EAAG-lambda-token";

    private final FakeGraphApi fake = new FakeGraphApi(TOKEN);
    private ApplicationContext context;
    private ApiGatewayHandler handler;
    private JsonMapper json;
    private Sql sql;
    private String key;

    @BeforeAll
    void start() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        sql = new Sql(database);
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.business-account-id", "102290129340398");
        properties.put("whatsapp.graph.base-url", fake.baseUrl());
        properties.put("templates.sync.page-size", "2");
        context = ApplicationContext.run(properties);
        handler = new ApiGatewayHandler(context);
        json = context.getBean(JsonMapper.class);
        key = context.getBean(ApiKeyService.class)
                .create("lambda", List.of(Scopes.TEMPLATES_READ, Scopes.TEMPLATES_SYNC), 1000, null).key();
    }

    @AfterAll
    void stop() {
        handler.close();
        fake.close();
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String query) {
        return handler.handleRequest(LambdaEvents.event(method, path, query, null,
                Map.of("Authorization", "Bearer " + key)), LambdaEvents.context());
    }

    @Test
    @Order(1)
    void theScheduledHandlerSyncsWithoutHttp() {
        TemplateSyncHandler scheduled = new TemplateSyncHandler(context);
        Map<String, Object> counts = scheduled.handleRequest(new ScheduledEvent(), LambdaEvents.context());
        assertEquals(3, counts.get("added"));
        assertEquals("3", sql.queryValue("SELECT count(*) FROM templates WHERE deleted_at IS NULL"));

        fake.enqueue(Fault.metaError(80008));
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> scheduled.handleRequest(new ScheduledEvent(), LambdaEvents.context()));
        assertTrue(failed.getMessage().contains("whatsapp-rate-limited"), failed.getMessage());
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void listsThroughTheLambdaHandler() throws IOException {
        APIGatewayV2HTTPResponse response = call("GET", "/v1/templates", "status=approved&limit=1");
        assertEquals(200, response.getStatusCode());
        Map<String, Object> page = json.readValue(LambdaEvents.body(response), Map.class);
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertEquals(List.of("order_update"), items.stream().map(t -> t.get("name")).toList());
        assertEquals(2, items.getFirst().get("body_parameter_count"));

        APIGatewayV2HTTPResponse next = call("GET", "/v1/templates", "status=approved&limit=1&cursor=" + page.get("next_cursor"));
        Map<String, Object> second = json.readValue(LambdaEvents.body(next), Map.class);
        assertEquals("welcome", ((List<Map<String, Object>>) second.get("items")).getFirst().get("name"));

        APIGatewayV2HTTPResponse invalid = call("GET", "/v1/templates", "limit=500");
        assertEquals(400, invalid.getStatusCode());
        assertTrue(LambdaEvents.header(invalid, "Content-Type").startsWith("application/problem+json"));
    }

    @Test
    @Order(3)
    void syncsThroughTheLambdaHandlerAndAnswers429OnMetasRateLimit() throws IOException {
        APIGatewayV2HTTPResponse synced = call("POST", "/v1/templates/sync", "");
        assertEquals(200, synced.getStatusCode());
        assertEquals(3, json.readValue(LambdaEvents.body(synced), Map.class).get("unchanged"));

        fake.enqueue(Fault.httpStatus(429));
        APIGatewayV2HTTPResponse limited = call("POST", "/v1/templates/sync", "");
        assertEquals(429, limited.getStatusCode());
        assertEquals("60", LambdaEvents.header(limited, "Retry-After"));
        assertTrue(LambdaEvents.body(limited).contains("urn:wa-gateway:problem:whatsapp-rate-limited"));
    }
}
