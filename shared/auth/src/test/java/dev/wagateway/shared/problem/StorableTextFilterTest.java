package dev.wagateway.shared.problem;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A NUL character or a lone surrogate anywhere in a /v1 request is refused with 400 validation-failed naming
 * the field: a query parameter by the filter, over HTTP and through the Lambda handler alike; a JSON body by
 * the same rule where the routes read it (LocalServerTest sends both to every function).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorableTextFilterTest {

    private EmbeddedServer server;
    private HttpClient client;
    private ApiGatewayHandler handler;
    private JsonMapper json;
    private String key;

    @BeforeAll
    void start() {
        server = ApplicationContext.run(EmbeddedServer.class, new java.util.HashMap<String, Object>(TestDatabases.freshDatasourceProperties(getClass())));
        client = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
        handler = new ApiGatewayHandler(server.getApplicationContext());
        json = server.getApplicationContext().getBean(JsonMapper.class);
        key = server.getApplicationContext().getBean(ApiKeyService.class).create("text", List.of(Scopes.ALL), 100_000, null).key();
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"text\":{\"body\":\"a\\u0000b\"}}|text.body",
            "{\"metadata\":{\"order\":\"\\u0000\"}}|metadata.order",
            "{\"metadata\":{\"k\\u0000\":\"v\"}}|metadata",
            "{\"template\":{\"components\":[{\"type\":\"body\"},{\"type\":\"x\\u0000\"}]}}|template.components[1].type",
            "{\"text\":{\"body\":\"\\ud83d\"}}|text.body",
            "{\"text\":{\"body\":\"tail \\ude00\"}}|text.body",
            "[\"\\u0000\"]|[0]",
            "\"\\u0000\"|body"})
    void everyStringOfABodyIsChecked(String bodyAndField) throws IOException {
        String[] parts = bodyAndField.split("\\|");
        ProblemException refused = assertThrows(ProblemException.class,
                () -> StorableText.refuse(json.readValue(parts[0], io.micronaut.json.tree.JsonNode.class)));
        assertEquals(ProblemType.VALIDATION_FAILED, refused.problemType());
        assertEquals(List.of(parts[1]), refused.errors().stream().map(Problem.FieldError::field).toList());
    }

    @Test
    void queryParametersAreChecked() throws IOException {
        assertRefused(http(HttpRequest.GET("/v1/text-probe?q=a%00b")), "q");
        assertRefused(lambda("GET", "/v1/text-probe", "q=a%00b", null), "q");
    }

    @Test
    void aPathSegmentIsCheckedAsTheRouteReadsItDecoded() throws IOException {
        // /v1/webhooks/%00 reached PostgreSQL as a NUL (500) while the filter read the path still encoded.
        assertRefused(http(HttpRequest.GET("/v1/text-probe/a%00b")), "path");
        assertRefused(lambda("GET", "/v1/text-probe/a%00b", "", null), "path");
    }

    @Test
    void theSameTextWithoutTheBadCharacterPasses() throws IOException {
        StorableText.refuse(json.readValue("{\"text\":{\"body\":\"a\\\\u0000b \\ud83d\\ude00 \u00e9\"}}",
                io.micronaut.json.tree.JsonNode.class));
        assertEquals(200, http(HttpRequest.GET("/v1/text-probe?q=caf%C3%A9")).status());
        assertEquals(200, lambda("GET", "/v1/text-probe", "q=caf%C3%A9", null).status());
    }

    private record Answer(int status, String body) {
    }

    private Answer http(HttpRequest<?> request) {
        try {
            HttpResponse<String> response = client.toBlocking().exchange(((io.micronaut.http.MutableHttpRequest<?>) request).bearerAuth(key), String.class);
            return new Answer(response.code(), response.body());
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    private Answer lambda(String method, String path, String query, String body) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Authorization", "Bearer " + key));
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        APIGatewayV2HTTPResponse response = handler.handleRequest(LambdaEvents.event(method, path, query, body, headers),
                LambdaEvents.context());
        return new Answer(response.getStatusCode(), LambdaEvents.body(response));
    }

    private void assertRefused(Answer answer, String field) throws IOException {
        assertEquals(400, answer.status(), answer.body());
        Map<String, Object> problem = json.readValue(answer.body(), Map.class);
        assertEquals("urn:wa-gateway:problem:validation-failed", problem.get("type"));
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
        assertEquals(List.of(field), errors.stream().map(e -> e.get("field")).toList(), answer.body());
    }
}
