package dev.wagateway.webhooks;

import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.events.Event;
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
        super("manage-webhooks");
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
        SubscriptionView view = new SubscriptionView("wh_01", "https://example.com/hooks", List.of("*"), List.of("typing"),
                List.of("106540352242922"), "crm", true, "standard", true, "410 Gone", now, now, now, now, now);
        Event event = new Event("evt_01", "message.received", now, "106540352242922", "+15550102030", 1L, Map.of("message", Map.of()));
        AttemptView attempt = new AttemptView("evt_01", 1, now, 500, 12, null, "oops", "pending");
        return Map.ofEntries(
                Map.entry("SubscriptionRequest", new SubscriptionRequest("https://example.com/hooks", List.of("*"), List.of("1"), "crm",
                        "standard")),
                Map.entry("SubscriptionChanges", new SubscriptionChanges("https://example.com/hooks", List.of("*"), List.of("1"), "crm",
                        true)),
                Map.entry("SubscriptionView", view),
                Map.entry("Page_SubscriptionView_", new Page<>(List.of(view), "c")),
                Map.entry("CreatedSubscription", CreatedSubscription.of(view, "whsec_x")),
                Map.entry("RotatedSecret", new RotatedSecret("wh_01", "whsec_x", now)),
                Map.entry("TestResult", new TestResult("evt_01", true, 200, 12, null, "ok")),
                Map.entry("AttemptView", attempt),
                Map.entry("Page_AttemptView_", new Page<>(List.of(attempt), "c")),
                Map.entry("ReplayRequest", new ReplayRequest(now, now.plusSeconds(60))),
                Map.entry("Queued", new Queued(3, null)),
                Map.entry("Page_Event_", new Page<>(List.of(event), "evt_01")),
                Map.entry("Problem", new Problem(URI.create("urn:wa-gateway:problem:validation-failed"), "The request is not valid", 400,
                        "url: must be an https:// URL", List.of(new Problem.FieldError("url", "must be an https:// URL")), "corr-1")));
    }

    @Override
    protected Map<String, Set<Integer>> problemStatuses() {
        return Map.ofEntries(
                Map.entry("GET /v1/events", Set.of(400, 401, 403, 429, 500)),
                Map.entry("GET /v1/events/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("POST /v1/events/{id}/redeliver", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("GET /v1/webhooks", Set.of(400, 401, 403, 429, 500)),
                Map.entry("POST /v1/webhooks", Set.of(400, 401, 403, 413, 415, 429, 500)),
                Map.entry("GET /v1/webhooks/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("DELETE /v1/webhooks/{id}", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("PATCH /v1/webhooks/{id}", Set.of(400, 401, 403, 404, 413, 415, 429, 500)),
                Map.entry("GET /v1/webhooks/{id}/deliveries", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("POST /v1/webhooks/{id}/replay", Set.of(400, 401, 403, 404, 413, 415, 429, 500)),
                Map.entry("POST /v1/webhooks/{id}/secret", Set.of(400, 401, 403, 404, 429, 500)),
                Map.entry("POST /v1/webhooks/{id}/test", Set.of(400, 401, 403, 404, 409, 429, 500)));
    }

    @Test
    void theRoutesRefuseAsDocumented() {
        String foreign = "Bearer " + apiKeys.create("templates only", List.of(Scopes.TEMPLATES_READ), 1000, null).key();
        document.assertRefusals(server.getURI(), foreign);
    }
}
