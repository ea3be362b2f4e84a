package dev.wagateway.webhook;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.openapicheck.FunctionDocumentTest;
import dev.wagateway.openapicheck.OpenApiDocument;
import dev.wagateway.shared.problem.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document the build generated for this function, against the function itself. */
@MicronautTest(transactional = false)
class OpenApiDocumentTest extends FunctionDocumentTest implements FreshDatabase {

    @Inject
    Router router;

    @Inject
    JsonMapper json;

    @Inject
    @Client("/")
    HttpClient client;

    OpenApiDocumentTest() {
        super("receive-webhook");
    }

    @Override
    protected Router router() {
        return router;
    }

    @Override
    protected JsonMapper json() {
        return json;
    }


    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        properties.putAll(Samples.credentials());
    }

    @Override
    protected Map<String, Object> bodyExamples() {
        return Map.of(
                "Problem", new Problem(URI.create("urn:wa-gateway:problem:invalid-signature"), "The delivery is not signed", 401,
                        "The header is missing", List.of(new Problem.FieldError("entry", "must be an array")), "corr-1"));
    }

    @Override
    protected Map<String, Set<Integer>> problemStatuses() {
        return Map.of(
                "GET /webhooks/whatsapp", Set.of(403, 500),
                "POST /webhooks/whatsapp", Set.of(400, 401, 413, 500, 503));
    }

    @Test
    void theRoutesRefuseAsDocumented() {
        int wrongToken = refusal(HttpRequest.GET("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1"));
        int unsigned = refusal(HttpRequest.POST("/webhooks/whatsapp", "{\"object\":\"whatsapp_business_account\",\"entry\":[]}")
                .contentType(MediaType.APPLICATION_JSON));
        assertTrue(problemStatuses().get("GET /webhooks/whatsapp").contains(wrongToken), "a wrong verify token answered " + wrongToken);
        assertTrue(problemStatuses().get("POST /webhooks/whatsapp").contains(unsigned), "an unsigned delivery answered " + unsigned);
    }

    private int refusal(HttpRequest<?> request) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertEquals(OpenApiDocument.PROBLEM_JSON, e.getResponse().getContentType().map(MediaType::toString).orElse(""));
        return e.getStatus().getCode();
    }
}
