package dev.wagateway.automationapi;

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
        super("manage-automation");
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
        RuleView rule = new RuleView(1, "prices", "keyword", "price, cost", "text", "See example.com/prices", true, 0, null, now, now);
        FlowRequest.Node node = new FlowRequest.Node("ask", "question", Map.of("text", "Your name?", "variable", "name"), 10.0, 20.0);
        FlowRequest.Edge edge = new FlowRequest.Edge("ask", "done", null);
        FlowView flow = new FlowView(1, "signup", "asks a name", "signup", true, List.of(node, new FlowRequest.Node("done", "end", Map.of(), null, null)),
                List.of(edge), List.of(), now, now);
        ConversationView conversation = new ConversationView(1, "+16505551234", 1L, "ask", Map.of("name", "Ana"), "active", List.of("vip"),
                null, now, now, now.plusSeconds(86400));
        return Map.ofEntries(
                Map.entry("RuleRequest", new RuleRequest("prices", "keyword", "price, cost", "text", "See example.com/prices", true, 0)),
                Map.entry("RuleView", rule),
                Map.entry("Page_RuleView_", new Page<>(List.of(rule), "c")),
                Map.entry("FlowRequest", new FlowRequest("signup", "asks a name", "signup", true, List.of(node), List.of(edge))),
                Map.entry("FlowRequest.Node", node),
                Map.entry("FlowRequest.Edge", edge),
                Map.entry("FlowView", flow),
                Map.entry("Page_FlowView_", new Page<>(List.of(flow), "c")),
                Map.entry("ConversationView", conversation),
                Map.entry("Page_ConversationView_", new Page<>(List.of(conversation), "c")),
                Map.entry("DryRunRequest", new DryRunRequest("what is the price?", false, "Ana")),
                Map.entry("DryRunResult", new DryRunResult("rule", 1L, null, "price", List.of(new DryRunResult.Reply("text", "See example.com/prices", null)), null)),
                Map.entry("DryRunResult.Reply", new DryRunResult.Reply("text", "See example.com/prices", null)),
                Map.entry("Problem", new Problem(URI.create("urn:wa-gateway:problem:validation-failed"), "The request is not valid", 400,
                        "edges: dangling", List.of(new Problem.FieldError("edges", "dangling")), "corr-1")));
    }

    @Override
    protected Map<String, Set<Integer>> problemStatuses() {
        return Map.ofEntries(
                Map.entry("GET /v1/automation/rules", Set.of(400, 401, 403, 429, 500)),
                Map.entry("POST /v1/automation/rules", Set.of(400, 401, 403, 413, 415, 429, 500)),
                Map.entry("GET /v1/automation/rules/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("PUT /v1/automation/rules/{id}", Set.of(400, 401, 403, 404, 413, 415, 429, 500)),
                Map.entry("DELETE /v1/automation/rules/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("POST /v1/automation/test", Set.of(400, 401, 403, 413, 415, 429, 500)),
                Map.entry("GET /v1/flows", Set.of(400, 401, 403, 429, 500)),
                Map.entry("POST /v1/flows", Set.of(400, 401, 403, 413, 415, 429, 500)),
                Map.entry("GET /v1/flows/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("PUT /v1/flows/{id}", Set.of(400, 401, 403, 404, 413, 415, 429, 500)),
                Map.entry("DELETE /v1/flows/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("GET /v1/conversations", Set.of(400, 401, 403, 429, 500)),
                Map.entry("GET /v1/conversations/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("POST /v1/conversations/{id}/end", Set.of(400, 401, 403, 404, 409, 429, 500)),
                Map.entry("POST /v1/conversations/{id}/release", Set.of(400, 401, 403, 404, 409, 429, 500)));
    }

    @Test
    void theRoutesRefuseAsDocumented() {
        String foreign = "Bearer " + apiKeys.create("templates only", List.of(Scopes.TEMPLATES_READ), 1000, null).key();
        document.assertRefusals(server.getURI(), foreign);
    }
}

