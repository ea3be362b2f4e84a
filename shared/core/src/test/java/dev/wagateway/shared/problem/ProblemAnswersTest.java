package dev.wagateway.shared.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of error answered over HTTP as application/problem+json with its stable type. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemAnswersTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Test
    void validBodyPasses() {
        HttpResponse<Map> response = client.toBlocking().exchange(
                HttpRequest.POST("/probe/orders", Map.of("reference", "A1", "lines", List.of(Map.of("text", "x")))), Map.class);
        assertEquals(201, response.code());
    }

    @Test
    void invalidFieldsAreEachNamedAsTheCallerWroteThem() throws IOException {
        Map<String, Object> problem = fail(HttpRequest.POST("/probe/orders",
                Map.of("reference", "TOO-LONG", "lines", List.of(Map.of("text", "ok"), Map.of("text", "")))), 400);
        assertEquals("urn:wa-gateway:problem:validation-failed", problem.get("type"));
        assertEquals(400, problem.get("status"));
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
        assertEquals(List.of("lines[1].text", "reference"), errors.stream().map(e -> e.get("field")).toList());
        assertTrue(((String) problem.get("detail")).contains("reference"));
    }

    @Test
    void aQueryParameterOutOfRangeIsAValidationError() throws IOException {
        Map<String, Object> problem = fail(HttpRequest.GET("/probe/items?limit=101"), 400);
        assertEquals("urn:wa-gateway:problem:validation-failed", problem.get("type"));
        assertEquals("limit", ((List<Map<String, Object>>) problem.get("errors")).getFirst().get("field"));
    }

    @Test
    void aParameterOfTheWrongTypeIsMalformed() throws IOException {
        Map<String, Object> problem = fail(HttpRequest.GET("/probe/items?limit=many"), 400);
        assertEquals("urn:wa-gateway:problem:malformed-request", problem.get("type"));
        assertEquals("limit", ((List<Map<String, Object>>) problem.get("errors")).getFirst().get("field"));
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() throws IOException {
        Map<String, Object> problem = fail(HttpRequest.POST("/probe/orders", "{not json").contentType(MediaType.APPLICATION_JSON), 400);
        assertEquals("urn:wa-gateway:problem:malformed-request", problem.get("type"));
    }

    @Test
    void unknownRouteWrongMethodAndWrongContentTypeHaveTheirOwnTypes() throws IOException {
        assertEquals("urn:wa-gateway:problem:not-found", fail(HttpRequest.GET("/nowhere"), 404).get("type"));
        assertEquals("urn:wa-gateway:problem:method-not-allowed", fail(HttpRequest.DELETE("/probe/orders"), 405).get("type"));
        assertEquals("urn:wa-gateway:problem:unsupported-media-type",
                fail(HttpRequest.POST("/probe/orders", "a=b").contentType(MediaType.APPLICATION_FORM_URLENCODED), 415).get("type"));
    }

    @Test
    void anUnexpectedExceptionIsA500ThatShowsNothingOfItsCause() throws IOException {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/probe/boom").header("X-Correlation-Id", "trace-500"), String.class));
        String body = error.getResponse().getBody(String.class).orElseThrow();
        assertEquals(500, error.code());
        assertFalse(body.contains("internal-detail-4711"), body);
        assertFalse(body.contains("IllegalStateException"), body);
        Map<String, Object> problem = json.readValue(body, Map.class);
        assertEquals("urn:wa-gateway:problem:internal-error", problem.get("type"));
        assertEquals("trace-500", problem.get("correlation_id"));
    }

    @Test
    void aProblemExceptionKeepsItsTypeDetailAndHeaders() {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/probe/busy"), String.class));
        assertEquals(429, error.code());
        assertEquals("7", error.getResponse().header("Retry-After"));
        assertTrue(error.getResponse().getBody(String.class).orElseThrow().contains("urn:wa-gateway:problem:rate-limited"));
    }

    @Test
    void everyAnswerCarriesACorrelationIdTheCallersOwnWhenAcceptable() {
        HttpResponse<Map> given = client.toBlocking().exchange(
                HttpRequest.GET("/probe/log").header("X-Correlation-Id", "abc-123"), Map.class);
        assertEquals("abc-123", given.header("X-Correlation-Id"));
        assertEquals("abc-123", given.body().get("correlationId"), "the controller's thread sees it in the MDC");

        HttpResponse<Map> generated = client.toBlocking().exchange(
                HttpRequest.GET("/probe/log").header("X-Correlation-Id", "bad id with spaces"), Map.class);
        String id = generated.header("X-Correlation-Id");
        assertNotNull(id);
        assertFalse(id.contains(" "));
        assertEquals(id, generated.body().get("correlationId"));
    }

    private Map<String, Object> fail(HttpRequest<?> request, int status) throws IOException {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertEquals(status, error.code());
        assertEquals("application/problem+json", error.getResponse().getContentType().map(MediaType::toString).orElse(null));
        return json.readValue(error.getResponse().getBody(String.class).orElseThrow(), Map.class);
    }
}
