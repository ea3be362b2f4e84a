package dev.wagateway.webhook;

import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.openapicheck.OpenApiDocument;
import dev.wagateway.shared.problem.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document the build generated for this function, against the function itself. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest implements TestPropertyProvider {

    private final OpenApiDocument document = OpenApiDocument.of("receive-webhook");

    @Inject
    Router router;

    @Inject
    JsonMapper json;

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabases.instance().create(getClass().getSimpleName()).datasourceProperties());
        properties.putAll(Samples.credentials());
        return properties;
    }

    @Test
    void documentsEveryRoute() {
        document.assertDocumentsRoutesOf(router);
    }

    @Test
    void propertyNamesAreTheJsonWritten() {
        document.assertSchemasMatchJson(json, Map.of(
                "Problem", new Problem(URI.create("urn:wa-gateway:problem:invalid-signature"), "The delivery is not signed", 401,
                        "The header is missing", List.of(new Problem.FieldError("entry", "must be an array")), "corr-1")));
    }

    @Test
    void noRouteNeedsAnApiKey() {
        document.assertApiKeyOnV1Only();
    }

    @Test
    void errorsAreProblemsAsTheRoutesAnswerThem() {
        document.assertProblemAnswers();
        Map<String, Set<Integer>> documented = document.problemStatuses();
        assertEquals(Map.of(
                "GET /webhooks/whatsapp", Set.of(403),
                "POST /webhooks/whatsapp", Set.of(400, 401, 413, 503)), documented);

        int wrongToken = refusal(HttpRequest.GET("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1"));
        int unsigned = refusal(HttpRequest.POST("/webhooks/whatsapp", "{\"object\":\"whatsapp_business_account\",\"entry\":[]}")
                .contentType(MediaType.APPLICATION_JSON));
        assertTrue(documented.get("GET /webhooks/whatsapp").contains(wrongToken), "a wrong verify token answered " + wrongToken);
        assertTrue(documented.get("POST /webhooks/whatsapp").contains(unsigned), "an unsigned delivery answered " + unsigned);
    }

    private int refusal(HttpRequest<?> request) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertEquals(OpenApiDocument.PROBLEM_JSON, e.getResponse().getContentType().map(MediaType::toString).orElse(""));
        return e.getStatus().getCode();
    }
}
