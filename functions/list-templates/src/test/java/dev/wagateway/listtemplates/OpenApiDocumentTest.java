package dev.wagateway.listtemplates;

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
        super("list-templates");
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
        TemplateView template = new TemplateView("tmpl_01", "order_ready", "en", "UTILITY", "APPROVED",
                List.of(Map.of("type", "BODY", "text", "Order {{1}} is ready")), 1, Instant.parse("2026-01-02T03:04:05Z"));
        return Map.of(
                "TemplateView", template,
                "Page_TemplateView_", new Page<>(List.of(template), "next"),
                "NewTemplate", new NewTemplate("order_ready", "en", "UTILITY",
                        List.of(Map.of("type", "BODY", "text", "Order {{1}} is ready", "example", Map.of("body_text", List.of(List.of("1234"))))),
                        "POSITIONAL", true),
                "TemplateDeletion", new TemplateDeletion("order_ready", "en", List.of(template)),
                "SyncResult", new SyncResult(1, 2, 3, 4, List.of("odd/en: unknown status")),
                "Problem", new Problem(URI.create("urn:wa-gateway:problem:validation-failed"), "The request is not valid", 400,
                        "status: must be one of", List.of(new Problem.FieldError("status", "must be one of")), "corr-1"));
    }

    @Override
    protected Map<String, Set<Integer>> problemStatuses() {
        // 400 on every route: StorableTextFilter refuses a NUL in any query parameter or path segment.
        return Map.of(
                "GET /v1/templates", Set.of(400, 401, 403, 429, 500),
                "POST /v1/templates/sync", Set.of(400, 401, 403, 429, 500, 502, 503),
                "POST /v1/templates", Set.of(400, 401, 403, 409, 413, 415, 429, 500, 502, 503),
                "DELETE /v1/templates/{name}", Set.of(400, 401, 403, 404, 409, 429, 500, 502, 503));
    }

    @Test
    void theRoutesRefuseAsDocumented() {
        String foreign = "Bearer " + apiKeys.create("contacts only", List.of(Scopes.CONTACTS_READ), 1000, null).key();
        document.assertRefusals(server.getURI(), foreign);
    }
}
