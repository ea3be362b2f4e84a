package dev.wagateway.sendmessage;

import dev.wagateway.lambdaevents.LambdaEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.fakegraph.Fault;
import dev.wagateway.metrics.EmfLines;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST and GET /v1/messages through the Lambda handler with API Gateway HTTP API (payload v2) events. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendLambdaTest {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private ApplicationContext context;
    private ApiGatewayHandler handler;
    private JsonMapper json;
    private Sql sql;
    private String key;

    @BeforeAll
    void start() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        sql = new Sql(database);
        Map<String, Object> properties = new HashMap<>(SendTestSupport.properties(database, fake));
        // No timeout is tested here: on a busy machine the first Graph call of a fresh context can take
        // longer than SendMessageTest's 500 ms, which would turn Meta's answer into a 503.
        properties.put("whatsapp.graph.read-timeout", "5s");
        properties.put("wa-gateway.stage", "dev");
        context = ApplicationContext.run(properties);
        handler = new ApiGatewayHandler(context);
        json = context.getBean(JsonMapper.class);
        key = context.getBean(ApiKeyService.class)
                .create("lambda", List.of(Scopes.MESSAGES_SEND, Scopes.MESSAGES_READ), 1000, null).key();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @AfterAll
    void stop() {
        handler.close();
        fake.close();
    }

    private APIGatewayV2HTTPResponse post(String body, boolean base64, String idempotencyKey) {
        APIGatewayV2HTTPEvent event = LambdaEvents.event("POST", "/v1/messages", "", base64
                        ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body,
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json", "Idempotency-Key", idempotencyKey));
        event.setIsBase64Encoded(base64);
        return handler.handleRequest(event, LambdaEvents.context());
    }

    @Test
    void sendsPlainAndBase64BodiesAndReplaysByIdempotencyKey() throws IOException {
        String body = "{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"Olá 🎉 from Lambda\"}}";
        APIGatewayV2HTTPResponse first = post(body, false, "lambda-1");
        assertEquals(202, first.getStatusCode(), LambdaEvents.body(first));
        Map<?, ?> answer = json.readValue(LambdaEvents.body(first), Map.class);
        assertEquals("sent", answer.get("status"));
        assertEquals("Olá 🎉 from Lambda", ((Map<?, ?>) fake.sends().getFirst().json().get("text")).get("body"),
                "the text reaches Meta as written");

        APIGatewayV2HTTPResponse replay = post(body, true, "lambda-1");
        assertEquals(202, replay.getStatusCode());
        assertEquals(LambdaEvents.body(first), LambdaEvents.body(replay), "base64 of the same bytes is the same request");
        assertEquals("true", LambdaEvents.header(replay, "Idempotent-Replayed"));
        assertEquals(1, fake.sends().size());

        APIGatewayV2HTTPResponse shown = handler.handleRequest(LambdaEvents.event("GET", "/v1/messages/" + answer.get("id"), "",
                null, Map.of("Authorization", "Bearer " + key)), LambdaEvents.context());
        assertEquals(200, shown.getStatusCode());
        assertEquals("Olá 🎉 from Lambda", json.readValue(LambdaEvents.body(shown), Map.class).get("content"));
    }

    @Test
    void aSendByBsuidReachesMetaAsRecipientAndIsListedByIt() throws IOException {
        APIGatewayV2HTTPResponse sent = post("{\"to\":\"BR.1502576394655843\",\"type\":\"text\",\"text\":{\"body\":\"oi\"}}",
                true, "lambda-bsuid");
        assertEquals(202, sent.getStatusCode(), LambdaEvents.body(sent));
        Map<String, Object> graph = fake.sends().getFirst().json();
        assertEquals("BR.1502576394655843", graph.get("recipient"));
        assertTrue(!graph.containsKey("to"), graph.toString());
        APIGatewayV2HTTPResponse listed = handler.handleRequest(LambdaEvents.event("GET", "/v1/messages", "user_id=BR.1502576394655843",
                null, Map.of("Authorization", "Bearer " + key)), LambdaEvents.context());
        assertEquals(200, listed.getStatusCode(), LambdaEvents.body(listed));
        List<?> items = (List<?>) json.readValue(LambdaEvents.body(listed), Map.class).get("items");
        assertEquals(1, items.size());
        assertEquals("BR.1502576394655843", ((Map<?, ?>) items.getFirst()).get("user_id"));
    }

    @Test
    void problemsComeBackAsProblemJson() throws IOException {
        APIGatewayV2HTTPResponse invalid = post("{\"to\":\"nope\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}", false, "lambda-2");
        assertEquals(400, invalid.getStatusCode());
        assertTrue(LambdaEvents.header(invalid, "Content-Type").startsWith("application/problem+json"));

        fake.enqueue(Fault.metaError(131056));
        APIGatewayV2HTTPResponse limited = post("{\"to\":\"+16505551235\",\"type\":\"text\",\"text\":{\"body\":\"y\"}}", false, "lambda-3");
        assertEquals(429, limited.getStatusCode());
        assertEquals("6", LambdaEvents.header(limited, "Retry-After"));
        assertEquals("urn:wa-gateway:problem:whatsapp-rate-limited", json.readValue(LambdaEvents.body(limited), Map.class).get("type"));
        assertEquals("failed", sql.queryValue("SELECT status FROM messages WHERE content = 'y'"));
    }

    @Test
    void eachSendIsCountedByOutcomeInTheEmbeddedMetricFormat() {
        APIGatewayV2HTTPResponse[] answer = new APIGatewayV2HTTPResponse[1];
        JsonNode sent = EmfLines.withMetric(EmfLines.of(() -> answer[0] = post(
                "{\"to\":\"+16505551236\",\"type\":\"text\",\"text\":{\"body\":\"counted\"}}", false, "lambda-m1")), "Sends");
        assertEquals(202, answer[0].getStatusCode(), LambdaEvents.body(answer[0]));
        assertEquals("WaGateway", EmfLines.namespace(sent));
        assertEquals("[[\"Stage\",\"Outcome\"]]", EmfLines.dimensions(sent));
        assertEquals("dev", sent.path("Stage").asText());
        assertEquals("sent", sent.path("Outcome").asText());
        assertEquals(1.0, sent.path("Sends").asDouble());

        fake.enqueue(Fault.metaError(131056));
        JsonNode refused = EmfLines.withMetric(EmfLines.of(() -> answer[0] = post(
                "{\"to\":\"+16505551237\",\"type\":\"text\",\"text\":{\"body\":\"refused\"}}", false, "lambda-m2")), "Sends");
        assertEquals(429, answer[0].getStatusCode());
        assertEquals("refused", refused.path("Outcome").asText());

        // Refused before Meta is called (invalid request): no send to count.
        assertEquals(List.of(), EmfLines.of(() -> post("{\"to\":\"nope\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}",
                false, "lambda-m3")));
    }
}
