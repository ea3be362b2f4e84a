package dev.wagateway.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.metrics.EmfLines;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.wagateway.webhook.Samples.TEXT_WAMID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook as Lambda runs it: API Gateway v2 events through {@link ApiGatewayHandler}, against PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookLambdaTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private ApplicationContext context;
    private ApiGatewayHandler handler;
    private Sql sql;

    @BeforeAll
    void start() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        sql = new Sql(database);
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.putAll(Samples.credentials());
        properties.put("wa-gateway.stage", "dev");
        context = ApplicationContext.run(properties);
        handler = new ApiGatewayHandler(context);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void handshake() {
        APIGatewayV2HTTPResponse ok = handler.handleRequest(WebhookEvents.get(Map.of("hub.mode", "subscribe",
                "hub.verify_token", Samples.VERIFY_TOKEN, "hub.challenge", "987654")), null);
        assertEquals(200, ok.getStatusCode());
        assertEquals("987654", body(ok));
        APIGatewayV2HTTPResponse wrong = handler.handleRequest(WebhookEvents.get(Map.of("hub.mode", "subscribe",
                "hub.verify_token", "nope", "hub.challenge", "987654")), null);
        assertEquals(403, wrong.getStatusCode());
        assertFalse(body(wrong).contains("987654"));
    }

    @Test
    void aStoredDeliveryIsCountedInTheEmbeddedMetricFormatAndARefusedOneIsNot() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid);
        String text = new String(body, StandardCharsets.UTF_8);
        APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
        JsonNode line = EmfLines.withMetric(EmfLines.of(() -> response[0] = handler.handleRequest(
                WebhookEvents.postPlain(text, signed(body)), null)), "DeliveriesStored");
        assertEquals(200, response[0].getStatusCode(), body(response[0]));
        assertEquals("WaGateway", EmfLines.namespace(line));
        assertEquals("[[\"Stage\"]]", EmfLines.dimensions(line));
        assertEquals("dev", line.path("Stage").asText());
        assertEquals(1.0, line.path("DeliveriesStored").asDouble());
        assertEquals(1.0, line.path("MessagesStored").asDouble());
        assertEquals(0.0, line.path("StatusesStored").asDouble());

        assertEquals(List.of(), EmfLines.of(() -> response[0] = handler.handleRequest(
                WebhookEvents.postPlain(text, Map.of("content-type", "application/json",
                        "x-hub-signature-256", "sha256=" + "0".repeat(64))), null)));
        assertEquals(401, response[0].getStatusCode());
    }

    @Test
    void aPlainBodyWithEscapedUnicodeAndEmojiVerifiesAndIsStored() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid);
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                WebhookEvents.postPlain(new String(body, StandardCharsets.UTF_8), signed(body)), null);
        assertEquals(200, response.getStatusCode(), body(response));
        assertEquals("Does it come in another color? Olá, ação 😀", contentOf(wamid));
    }

    @Test
    void aBase64BodyVerifiesOverItsDecodedBytesAndIsStored() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-reaction", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ07RgA=", wamid);
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.postBase64(body, signed(body)), null);
        assertEquals(200, response.getStatusCode(), body(response));
        assertEquals("👍", contentOf(wamid));
    }

    @Test
    void aPlainBodyWithRawNonAsciiAndNoCharsetKeepsItsBytes() {
        String wamid = wamid();
        // Not Meta's serialisation, but a body whose bytes a charset guess could change.
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid, "Ol\\u00e1, a\\u00e7\\u00e3o \\ud83d\\ude00", "Olá, ação 😀");
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.postPlain(new String(body, StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "accept-charset", "ISO-8859-1",
                        WebhookSignature.HEADER.toLowerCase(), Samples.sign(body))), null);
        assertEquals(200, response.getStatusCode(), body(response));
        assertEquals("Does it come in another color? Olá, ação 😀", contentOf(wamid));
    }

    @Test
    void aMessageAndAStatusOfAUserKnownOnlyByTheirBsuidAreStored() {
        String wamid = wamid();
        String userId = "US.L" + System.nanoTime();
        byte[] inbound = Samples.bytes("inbound-text-bsuid-only", "wamid.HBgLQlNVSURPTkxZMDEVAgASGBQzQUFCQ0RFRjAxMjM0NTY3ODkwAA==",
                wamid, "US.13491208655302741918", userId);
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.postBase64(inbound, signed(inbound)), null);
        assertEquals(200, response.getStatusCode(), body(response));
        assertEquals("null|" + userId + "|Hola, ¿tienen talla M? 👕", sql.queryValue("SELECT coalesce(phone, 'null') || '|' || user_id "
                + "|| '|' || content FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
        assertEquals("maria.lopez|1", sql.queryValue("SELECT username || '|' || message_count FROM contacts WHERE user_id = '" + userId + "'"));

        String sent = wamid();
        sql.execute("INSERT INTO messages (id, user_id, direction, type, status, whatsapp_message_id) VALUES ('msg_l"
                + System.nanoTime() + "', '" + userId + "', 'outbound', 'text', 'accepted', '" + sent + "')");
        byte[] status = Samples.bytes("status-delivered-bsuid-only", "wamid.HBgLQlNVSURPTkxZMDEVAgARGBQzQUJTVUlEU0VOVDAxMjM0NTY3ODkA",
                sent, "US.13491208655302741918", userId);
        APIGatewayV2HTTPResponse delivered = handler.handleRequest(WebhookEvents.postPlain(new String(status, StandardCharsets.UTF_8),
                signed(status)), null);
        assertEquals(200, delivered.getStatusCode(), body(delivered));
        assertEquals("delivered", sql.queryValue("SELECT status FROM messages WHERE whatsapp_message_id = '" + sent + "'"));
    }

    @Test
    void aTemplateQualityUpdateChangesTheTemplateOnTheLambdaPath() {
        sql.execute("INSERT INTO templates (id, name, language, category, status, whatsapp_template_id) VALUES "
                + "('tmpl_lq', 'welcome_template', 'en_US', 'UTILITY', 'APPROVED', '806312974732579')");
        byte[] body = Samples.bytes("template-quality-update");
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.postBase64(body, signed(body)), null);
        assertEquals(200, response.getStatusCode(), body(response));
        assertEquals("YELLOW", sql.queryValue("SELECT metadata->'qualityEvent'->>'new_quality_score' FROM templates WHERE id = 'tmpl_lq'"));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM events WHERE template_id = 'tmpl_lq' AND data->>'change' = 'quality'"));
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedAndNothingIsStored() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid);
        APIGatewayV2HTTPResponse wrong = handler.handleRequest(WebhookEvents.postBase64(body,
                Map.of("content-type", "application/json", "x-hub-signature-256", Samples.sign(body, "other"))), null);
        assertEquals(401, wrong.getStatusCode());
        assertTrue(body(wrong).contains("invalid-signature"));
        APIGatewayV2HTTPResponse missing = handler.handleRequest(WebhookEvents.postBase64(body, Map.of("content-type", "application/json")), null);
        assertEquals(401, missing.getStatusCode());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
    }

    @Test
    void aBodyOverThreeMegabytesIsRefusedOnTheLambdaPathToo() {
        byte[] body = new byte[3 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.postBase64(body, signed(body)), null);
        assertEquals(413, response.getStatusCode());
        assertTrue(body(response).contains("payload-too-large"));
    }

    @Test
    void notJsonAfterAValidSignatureIsABadRequest() {
        byte[] body = "{\"object\":".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.postBase64(body, signed(body)), null);
        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).contains("malformed-request"));
    }

    private static Map<String, String> signed(byte[] body) {
        return Map.of("content-type", "application/json", "x-hub-signature-256", Samples.sign(body));
    }

    private String contentOf(String wamid) {
        return sql.queryValue("SELECT content FROM messages WHERE whatsapp_message_id = '" + wamid + "'");
    }

    private static String body(APIGatewayV2HTTPResponse response) {
        if (response.getBody() == null) {
            return "";
        }
        return response.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                : response.getBody();
    }

    private static String wamid() {
        return "wamid.lambda" + SEQUENCE.incrementAndGet() + "x" + System.nanoTime();
    }
}
