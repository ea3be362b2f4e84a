package dev.wagateway.sendmessage;

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
        super("send-message");
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
        SendMessageRequest.Media media = new SendMessageRequest.Media("1234", "https://example.com/a.pdf", "a caption", "a.pdf");
        SendMessageRequest request = new SendMessageRequest("+15550102030", "text",
                new SendMessageRequest.Text("hello", true),
                new SendMessageRequest.TemplatePayload("order_ready", new SendMessageRequest.Language("en", "deterministic"),
                        List.of(Map.of("type", "body"))),
                media, media, media, media, media,
                new SendMessageRequest.Reaction("wamid.1", "+1"),
                // Every property the payload schemas name (one object may not hold them all at Meta; here it is names only).
                Map.of("type", "button", "body", Map.of("text", "Pick one"), "footer", Map.of("text", "Thanks"),
                        "header", Map.of("type", "image", "text", "Hi", "image", Map.of("id", "1", "link", "https://example.com/a.png"),
                                "video", Map.of("id", "2", "link", "https://example.com/a.mp4"), "document", Map.of("id", "3", "link", "https://example.com/a.pdf")),
                        "action", Map.of("buttons", List.of(Map.of("type", "reply", "reply", Map.of("id", "yes", "title", "Yes"))),
                                "button", "Options", "sections", List.of(Map.of("title", "Now", "rows",
                                        List.of(Map.of("id", "r1", "title", "Row", "description", "The row")))),
                                "name", "cta_url", "parameters", Map.of("display_text", "See", "url", "https://example.com"))),
                Map.of("latitude", 37.44, "longitude", -122.16, "name", "Philz Coffee", "address", "101 Forest Ave"),
                List.of(Map.of("name", Map.of("formatted_name", "Ana Lopez", "first_name", "Ana", "last_name", "Lopez",
                                "middle_name", "M", "suffix", "Jr.", "prefix", "Dr."), "birthday", "1999-01-23",
                        "phones", List.of(Map.of("phone", "+15550102030", "type", "WORK", "wa_id", "15550102030")),
                        "emails", List.of(Map.of("email", "ana@example.com", "type", "WORK")),
                        "urls", List.of(Map.of("url", "https://example.com", "type", "WORK")),
                        "addresses", List.of(Map.of("street", "1 Main St", "city", "Menlo Park", "state", "CA", "zip", "94025",
                                "country", "United States", "country_code", "US", "type", "WORK")),
                        "org", Map.of("company", "Lucky Shrub", "department", "Legal", "title", "Counsel"))),
                new SendMessageRequest.Context("wamid.0"),
                Map.of("order", 42), "1055");
        MessageView message = new MessageView("msg_01", "+15550102030", "US.13491208655302741918",
                "US.ENT.11815799212886844830", "outbound", "text", "hello", "https://example.com/a.png",
                "a caption", "failed", "wamid.1", "131047", "window closed", "1055", Map.of("order", 42), now, now,
                List.of(new MessageView.MessageMedia("media_01", "image/jpeg", 1234L, "a.jpg", "failed", "sha256 mismatch")),
                List.of(new MessageStatusView("failed", now, List.of(new MessageStatusView.StatusError(131047L, "Re-engagement message",
                        "Re-engagement message", "More than 24 hours have passed", "https://developers.facebook.com/docs/")),
                        new MessageStatusView.Pricing(true, "utility", "PMP", "regular"))));
        MessageStatsView stats = new MessageStatsView(now, now.plusSeconds(3600), "hour", "status", "outbound", 3,
                List.of(new MessageStatsView.Period(now, 3, List.of(new MessageStatsView.Group("read", 2),
                        new MessageStatsView.Group(null, 1)))));
        return Map.of(
                "SendMessageRequest", request,
                "SendResult", new SendResult("msg_01", "wamid.1", "sent"),
                "MarkReadRequest", new MarkReadRequest(new MarkReadRequest.TypingIndicator("text")),
                "MarkReadResult", new MarkReadResult("msg_01", "wamid.1", true),
                "MessageView", message,
                "MessageStatsView", stats,
                "Page_MessageView_", new Page<>(List.of(message), "next"),
                "Problem", new Problem(URI.create("urn:wa-gateway:problem:validation-failed"), "The request is not valid", 400,
                        "to: is not a phone number", List.of(new Problem.FieldError("to", "is not a phone number")), "corr-1"));
    }

    @Override
    protected Map<String, Set<Integer>> problemStatuses() {
        // 400 on every route: StorableTextFilter refuses a NUL in any query parameter or path segment.
        return Map.of(
                "GET /v1/messages", Set.of(400, 401, 403, 429, 500),
                "GET /v1/messages/{id}", Set.of(400, 401, 403, 404, 429, 500),
                "GET /v1/stats/messages", Set.of(400, 401, 403, 429, 500),
                "POST /v1/messages", Set.of(400, 401, 403, 409, 413, 415, 422, 429, 500, 502, 503),
                "POST /v1/messages/{id}/read", Set.of(400, 401, 403, 404, 413, 415, 422, 429, 500, 502, 503));
    }

    @Test
    void theRoutesRefuseAsDocumented() {
        String foreign = "Bearer " + apiKeys.create("templates only", List.of(Scopes.TEMPLATES_READ), 1000, null).key();
        document.assertRefusals(server.getURI(), foreign);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRecipientAndAListingMayNameTheUserByPhoneOrBusinessScopedUserId() {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.root().get("components")).get("schemas");
        Map<String, Object> to = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) schemas.get("SendMessageRequest"))
                .get("properties")).get("to");
        assertTrue(String.valueOf(to.get("description")).contains("business-scoped user id"), String.valueOf(to));
        Map<String, Object> view = (Map<String, Object>) ((Map<String, Object>) schemas.get("MessageView")).get("properties");
        assertTrue(view.containsKey("user_id") && view.containsKey("parent_user_id"), view.keySet().toString());
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) document.operation("GET /v1/messages").get("parameters");
        assertTrue(parameters.stream().anyMatch(p -> "user_id".equals(p.get("name"))
                && String.valueOf(p.get("description")).contains("business-scoped user id")), parameters.toString());
    }

    @Test
    void aSendIsDocumentedByItsTypesNotItsBytes() {
        Map<?, ?> send = document.operation("POST /v1/messages");
        Map<?, ?> request = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) send.get("requestBody")).get("content")).get("application/json");
        assertEquals(Map.of("$ref", "#/components/schemas/SendMessageRequest"), request.get("schema"));
        assertEquals(Set.of("text", "template", "template_with_header_media_and_buttons", "reply_buttons", "list", "cta_url",
                "location", "contacts"), ((Map<?, ?>) request.get("examples")).keySet());
        Map<?, ?> accepted = (Map<?, ?>) ((Map<?, ?>) send.get("responses")).get("202");
        assertEquals(Set.of("application/json"), ((Map<?, ?>) accepted.get("content")).keySet());
        assertEquals(Map.of("$ref", "#/components/schemas/SendResult"),
                ((Map<?, ?>) ((Map<?, ?>) accepted.get("content")).get("application/json")).get("schema"));
    }
}
