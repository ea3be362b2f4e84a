package dev.wagateway.contacts;

import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.openapicheck.FunctionDocumentTest;
import dev.wagateway.openapicheck.OpenApiDocument;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.Problem;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document the build generated for this function, against the function itself. */
@MicronautTest(transactional = false)
class OpenApiDocumentTest extends FunctionDocumentTest implements FreshDatabase {

    @Inject
    Router router;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    @Inject
    ApiKeyService apiKeys;

    OpenApiDocumentTest() {
        super("upsert-contact");
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
    protected Map<String, Object> bodyExamples() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        ContactView view = new ContactView("contact_01", "+15550102030", "US.13491208655302741918",
                "US.ENT.11815799212886844830", "maria.lopez", "Ana", "https://example.com/a.png",
                Map.of("tier", "gold"), now, 3, 1, now, now, true);
        return Map.of(
                "ContactRequest", new ContactRequest("Ana", "https://example.com/a.png", Map.of("tier", "gold")),
                "ContactView", view,
                "Page_ContactView_", new Page<>(List.of(view), "next"),
                "Problem", new Problem(URI.create("urn:wa-gateway:problem:validation-failed"), "The request is not valid", 400,
                        "name: too long", List.of(new Problem.FieldError("name", "too long")), "corr-1"));
    }

    @Override
    protected Map<String, Set<Integer>> problemStatuses() {
        return Map.of(
                "GET /v1/contacts", Set.of(400, 401, 403, 429, 500),
                "GET /v1/contacts/{ref}", Set.of(400, 401, 403, 404, 429, 500),
                "PUT /v1/contacts/{ref}", Set.of(400, 401, 403, 404, 413, 415, 429, 500),
                "DELETE /v1/contacts/{ref}", Set.of(400, 401, 403, 404, 429, 500));
    }

    @Test
    void theRoutesRefuseAsDocumented() {
        String foreign = "Bearer " + apiKeys.create("templates only", List.of(Scopes.TEMPLATES_READ), 1000, null).key();
        document.assertRefusals(server.getURI(), foreign);
    }

    @Test
    void aContactIsNamedByIdPhoneOrBusinessScopedUserId() {
        for (String operation : List.of("GET /v1/contacts/{ref}", "PUT /v1/contacts/{ref}", "DELETE /v1/contacts/{ref}")) {
            List<?> parameters = (List<?>) document.operation(operation).get("parameters");
            String description = parameters.stream().map(p -> (Map<?, ?>) p).filter(p -> "ref".equals(p.get("name")))
                    .map(p -> String.valueOf(p.get("description"))).findFirst().orElseThrow();
            assertTrue(description.contains("contact_") && description.contains("phone")
                    && description.contains("business-scoped user id"), operation + ": " + description);
        }
    }

    @Test
    void createdAndUpdatedAreBothDocumented() {
        Map<?, ?> responses = (Map<?, ?>) document.operation("PUT /v1/contacts/{ref}").get("responses");
        assertEquals(Set.of("200", "201"), Set.copyOf(responses.keySet().stream().map(String::valueOf)
                .filter(status -> status.startsWith("2")).toList()));
    }
}
