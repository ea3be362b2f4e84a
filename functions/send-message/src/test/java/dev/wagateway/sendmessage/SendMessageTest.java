package dev.wagateway.sendmessage;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.fakegraph.Fault;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/messages over HTTP against the fake Graph API: shapes, validation, templates, errors, retries, write-ahead. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendMessageTest implements FreshDatabase {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Sql sql;
    private String sendKey;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Inject
    TemplateRepository templates;

    @Inject
    JsonMapper json;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(SendTestSupport.properties(database, fake));
    }

    @BeforeAll
    void setUp() {
        sendKey = keys.create("send", List.of(Scopes.MESSAGES_SEND), 100_000, null).key();
        List<Object> body = List.of(Map.of("type", "BODY", "text", "Hi {{1}}, your order {{2}} is on its way"));
        templates.save(Template.create("order_update", "en_US", "UTILITY", "APPROVED", "Hi {{1}}, your order {{2}} is on its way",
                body, 2, "1"));
        templates.save(Template.create("spring_sale", "en_US", "MARKETING", "PAUSED", "Sale", List.of(), 0, "2"));
        templates.save(Template.create("receipt_photo", "de", "UTILITY", "APPROVED", "Ihre Quittung",
                List.of(Map.of("type", "HEADER", "format", "IMAGE"), Map.of("type", "BODY", "text", "Ihre Quittung")), 0, "3"));
        logs.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @AfterAll
    void stop() {
        fake.close();
        assertFalse(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(SendTestSupport.TOKEN)), "the token was logged");
    }

    private MutableHttpRequest<String> post(String body) {
        return HttpRequest.POST("/v1/messages", body).bearerAuth(sendKey).contentType("application/json");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> send(String body) {
        HttpResponse<Map> response = client.toBlocking().exchange(post(body), Map.class);
        assertEquals(202, response.code());
        return response.body();
    }

    private HttpClientResponseException refused(String body) {
        return assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(post(body), String.class));
    }

    private Map<?, ?> problem(HttpClientResponseException e) throws IOException {
        return json.readValue(e.getResponse().getBody(String.class).orElseThrow(), Map.class);
    }

    private Map<String, Object> graphBody() {
        assertEquals(1, fake.sends().size());
        return fake.sends().getFirst().json();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "text|{\"type\":\"text\",\"text\":{\"body\":\"Olá 👋\",\"preview_url\":true},\"context\":{\"message_id\":\"wamid.IN1\"}}"
                    + "|{\"type\":\"text\",\"text\":{\"body\":\"Olá 👋\",\"preview_url\":true},\"context\":{\"message_id\":\"wamid.IN1\"}}",
            "template|{\"type\":\"template\",\"template\":{\"name\":\"receipt_photo\",\"language\":{\"code\":\"de\"},"
                    + "\"components\":[{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://x.test/a.png\"}}]}]}}"
                    + "|{\"type\":\"template\",\"template\":{\"name\":\"receipt_photo\",\"language\":{\"code\":\"de\"},"
                    + "\"components\":[{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://x.test/a.png\"}}]}]}}",
            "image|{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.test/p.jpg\",\"caption\":\"Your receipt\"}}"
                    + "|{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.test/p.jpg\",\"caption\":\"Your receipt\"}}",
            "document|{\"type\":\"document\",\"document\":{\"id\":\"778899\",\"caption\":\"Invoice\",\"filename\":\"invoice.pdf\"}}"
                    + "|{\"type\":\"document\",\"document\":{\"id\":\"778899\",\"caption\":\"Invoice\",\"filename\":\"invoice.pdf\"}}",
            "audio|{\"type\":\"audio\",\"audio\":{\"id\":\"4455\"}}|{\"type\":\"audio\",\"audio\":{\"id\":\"4455\"}}",
            "video|{\"type\":\"video\",\"video\":{\"link\":\"https://cdn.test/v.mp4\",\"caption\":\"How to\"}}"
                    + "|{\"type\":\"video\",\"video\":{\"link\":\"https://cdn.test/v.mp4\",\"caption\":\"How to\"}}",
            "sticker|{\"type\":\"sticker\",\"sticker\":{\"id\":\"1212\"}}|{\"type\":\"sticker\",\"sticker\":{\"id\":\"1212\"}}",
            "reaction|{\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.IN2\",\"emoji\":\"👍\"}}"
                    + "|{\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.IN2\",\"emoji\":\"👍\"}}"})
    @SuppressWarnings("unchecked")
    void eachTypeReachesMetaInItsShape(String type, String request, String expectedPart) throws IOException {
        String to = "+1 (650) 555-" + (1000 + type.length());
        Map<String, Object> answer = send("{\"to\":\"" + to + "\"," + request.substring(1));
        assertTrue(((String) answer.get("id")).startsWith("msg_"));
        assertTrue(((String) answer.get("wamid")).startsWith("wamid."));
        assertEquals("sent", answer.get("status"));

        Map<String, Object> expected = new LinkedHashMap<>(Map.of("messaging_product", "whatsapp",
                "recipient_type", "individual", "to", "+1650555" + (1000 + type.length())));
        expected.putAll(json.readValue(expectedPart, Map.class));
        assertEquals(expected, graphBody());
        assertEquals("/v26.0/" + SendTestSupport.DEFAULT_NUMBER + "/messages", fake.sends().getFirst().path());
        assertEquals("sent|" + answer.get("wamid") + "|" + type + "|outbound|" + SendTestSupport.DEFAULT_NUMBER,
                sql.queryValue("SELECT concat_ws('|', status, whatsapp_message_id, type, direction, phone_number_id) "
                        + "FROM messages WHERE id = '" + answer.get("id") + "'"));
    }

    @Test
    void anyCommonSpellingOfTheNumberIsSentAsE164AndTheContactIsCounted() {
        for (String spelling : List.of("+55 (11) 98765-4321", "0055 11 98765 4321", "5511987654321")) {
            send("{\"to\":\"" + spelling + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        }
        assertEquals(List.of("+5511987654321", "+5511987654321", "+5511987654321"),
                fake.sends().stream().map(r -> r.json().get("to")).toList());
        assertEquals("3|true", sql.queryValue("SELECT concat_ws('|', message_count, (last_message_at IS NOT NULL)::text) "
                + "FROM contacts WHERE phone = '+5511987654321' AND deleted_at IS NULL"));
    }

    @Test
    void aBsuidIsSentAsMetasRecipientAndTheMessageAndContactKeepIt() {
        Map<String, Object> answer = send("{\"to\":\"US.13491208655302741918\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        assertEquals("sent", answer.get("status"));
        Map<String, Object> body = graphBody();
        assertEquals("US.13491208655302741918", body.get("recipient"), "Meta takes a BSUID in recipient");
        assertFalse(body.containsKey("to"), "and no phone in to");
        assertEquals("null|US.13491208655302741918", sql.queryValue("SELECT coalesce(phone, 'null') || '|' || user_id FROM messages "
                + "WHERE id = '" + answer.get("id") + "'"));
        assertEquals("null|1", sql.queryValue("SELECT coalesce(phone, 'null') || '|' || message_count FROM contacts "
                + "WHERE user_id = '" + "US.13491208655302741918' AND deleted_at IS NULL"));

        fake.reset();
        Map<String, Object> parent = send("{\"to\":\"US.ENT.11815799212886844830\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        assertEquals("US.ENT.11815799212886844830", graphBody().get("recipient"), "a parent BSUID goes in recipient too");
        assertEquals("US.ENT.11815799212886844830", sql.queryValue("SELECT parent_user_id FROM messages WHERE id = '" + parent.get("id") + "'"));
    }

    @Test
    void aSendByBsuidCountsOnTheContactThatHoldsItAlongsideItsPhone() {
        sql.execute("INSERT INTO contacts (id, phone, user_id, message_count) VALUES ('contact_both', '+16505557777', 'US.7777', 2)");
        send("{\"to\":\"US.7777\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        send("{\"to\":\"+16505557777\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        assertEquals("4", sql.queryValue("SELECT message_count FROM contacts WHERE id = 'contact_both'"));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND (user_id = 'US.7777' "
                + "OR phone = '+16505557777')"));
    }

    @Test
    void anotherConfiguredNumberMaySendAndAnUnknownOneMayNot() throws IOException {
        send("{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"hi\"},\"phone_number_id\":\"2066\"}");
        assertEquals("/v26.0/2066/messages", fake.sends().getFirst().path());
        HttpClientResponseException e = refused("{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"hi\"},\"phone_number_id\":\"3077\"}");
        assertEquals("phone_number_id", ((List<Map<?, ?>>) problem(e).get("errors")).getFirst().get("field"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "to|{\"to\":\"12345\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}",
            "to|{\"to\":\"\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}",
            "to|{\"to\":\"us.13491208655302741918\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}",
            "to|{\"to\":\"US-13491208655302741918\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}",
            "type|{\"to\":\"+16505551234\",\"type\":\"order\",\"text\":{\"body\":\"hi\"}}",
            "text|{\"to\":\"+16505551234\",\"type\":\"text\"}",
            "image|{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"hi\"},\"image\":{\"id\":\"1\"}}",
            "text.body|{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"\"}}",
            "image|{\"to\":\"+16505551234\",\"type\":\"image\",\"image\":{\"id\":\"1\",\"link\":\"https://x.test/a.png\"}}",
            "image|{\"to\":\"+16505551234\",\"type\":\"image\",\"image\":{}}",
            "image.link|{\"to\":\"+16505551234\",\"type\":\"image\",\"image\":{\"link\":\"http://x.test/a.png\"}}",
            "audio.caption|{\"to\":\"+16505551234\",\"type\":\"audio\",\"audio\":{\"id\":\"1\",\"caption\":\"no\"}}",
            "image.filename|{\"to\":\"+16505551234\",\"type\":\"image\",\"image\":{\"id\":\"1\",\"filename\":\"a.png\"}}",
            "sticker.caption|{\"to\":\"+16505551234\",\"type\":\"sticker\",\"sticker\":{\"id\":\"1\",\"caption\":\"no\"}}",
            "template.language|{\"to\":\"+16505551234\",\"type\":\"template\",\"template\":{\"name\":\"x\"}}",
            "template.language.code|{\"to\":\"+16505551234\",\"type\":\"template\",\"template\":{\"name\":\"x\",\"language\":{\"code\":\"English\"}}}",
            "template.components[0].type|{\"to\":\"+16505551234\",\"type\":\"template\",\"template\":{\"name\":\"x\",\"language\":{\"code\":\"en\"},\"components\":[{\"parameters\":[]}]}}",
            "reaction.message_id|{\"to\":\"+16505551234\",\"type\":\"reaction\",\"reaction\":{\"emoji\":\"👍\"}}",
            "context.message_id|{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"hi\"},\"context\":{}}"})
    void invalidRequestsAre400NamingTheFieldAndNothingIsSent(String field, String body) throws IOException {
        HttpClientResponseException e = refused(body);
        assertEquals(400, e.getStatus().getCode());
        Map<?, ?> problem = problem(e);
        assertEquals("urn:wa-gateway:problem:validation-failed", problem.get("type"));
        assertTrue(((List<Map<?, ?>>) problem.get("errors")).stream().anyMatch(err -> field.equals(err.get("field"))),
                field + " in " + problem);
        assertEquals(0, fake.requestCount());
    }

    @Test
    void aTooLongTextAndUnreadableBodiesAre400() throws IOException {
        HttpClientResponseException tooLong = refused("{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\""
                + "a".repeat(4097) + "\"}}");
        assertEquals("text.body", ((List<Map<?, ?>>) problem(tooLong).get("errors")).getFirst().get("field"));
        send("{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"" + "a".repeat(4096) + "\"}}");
        fake.reset();
        for (String unreadable : List.of("{\"to\":", "[1,2]", "\"text\"")) {
            HttpClientResponseException e = refused(unreadable);
            assertEquals(400, e.getStatus().getCode());
            assertEquals("urn:wa-gateway:problem:malformed-request", problem(e).get("type"));
        }
        assertEquals(0, fake.requestCount());
    }

    @Test
    void localTemplatesAreCheckedBeforeSending() throws IOException {
        String base = "{\"to\":\"+16505551234\",\"type\":\"template\",\"template\":";
        HttpClientResponseException paused = refused(base + "{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}");
        assertEquals(422, paused.getStatus().getCode());
        assertEquals("urn:wa-gateway:problem:template-not-approved", problem(paused).get("type"));
        assertTrue(((String) problem(paused).get("detail")).contains("PAUSED"));

        HttpClientResponseException language = refused(base + "{\"name\":\"order_update\",\"language\":{\"code\":\"pt_BR\"}}}");
        assertEquals("urn:wa-gateway:problem:template-not-found", problem(language).get("type"));
        assertTrue(((String) problem(language).get("detail")).contains("en_US"));

        HttpClientResponseException count = refused(base + "{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"},"
                + "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"}]}]}}");
        assertEquals("urn:wa-gateway:problem:template-parameter-mismatch", problem(count).get("type"));
        assertTrue(((String) problem(count).get("detail")).contains("needs 2"));
        assertEquals(0, fake.requestCount(), "nothing reached Meta");

        Map<String, Object> sent = send(base + "{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"},"
                + "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"},{\"type\":\"text\",\"text\":\"#1234\"}]}]}}");
        assertEquals("Hi Ana, your order #1234 is on its way",
                sql.queryValue("SELECT content FROM messages WHERE id = '" + sent.get("id") + "'"));
    }

    @Test
    void aReactionOrReplyNamingOurMessageIdReachesMetaAsItsWamid() throws IOException {
        Map<String, Object> first = send("{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"Your order shipped\"}}");
        String wamid = (String) first.get("wamid");
        fake.reset();
        send("{\"to\":\"+16505551234\",\"type\":\"reaction\",\"reaction\":{\"message_id\":\"" + first.get("id")
                + "\",\"emoji\":\"\uD83D\uDC4D\"}}");
        assertEquals(wamid, ((Map<?, ?>) graphBody().get("reaction")).get("message_id"));
        fake.reset();
        send("{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"More news\"},\"context\":{\"message_id\":\""
                + first.get("id") + "\"}}");
        assertEquals(Map.of("message_id", wamid), graphBody().get("context"));

        fake.reset();
        HttpClientResponseException unknown = refused("{\"to\":\"+16505551234\",\"type\":\"reaction\",\"reaction\":"
                + "{\"message_id\":\"msg_01NOSUCHMESSAGE0000000000\",\"emoji\":\"x\"}}");
        assertEquals(400, unknown.getStatus().getCode());
        assertEquals("reaction.message_id", ((Map<?, ?>) ((List<?>) problem(unknown).get("errors")).getFirst()).get("field"));
        assertEquals(0, fake.requestCount(), "nothing reached Meta");
    }

    @Test
    void aTemplateNameInNoLanguageHereIsRefusedBeforeMeta() throws IOException {
        HttpClientResponseException e = refused("{\"to\":\"+16505551299\",\"type\":\"template\",\"template\":"
                + "{\"name\":\"order_updat\",\"language\":{\"code\":\"en_US\"}}}");
        assertEquals(422, e.getStatus().getCode());
        assertEquals("urn:wa-gateway:problem:template-not-found", problem(e).get("type"));
        assertTrue(((String) problem(e).get("detail")).contains("'order_updat' in any language"), problem(e).toString());
        assertEquals(0, fake.requestCount(), "nothing reached Meta");
    }

    @Test
    void withNoTemplateSyncedTheRefusalSaysSo() throws IOException {
        // Every template of this class's database out of sight for this test, and back after it.
        sql.execute("UPDATE templates SET deleted_at = now() WHERE deleted_at IS NULL AND name IN ('order_update', 'spring_sale', 'receipt_photo')");
        try {
            HttpClientResponseException e = refused("{\"to\":\"+16505551299\",\"type\":\"template\",\"template\":"
                    + "{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"}}}");
            assertEquals(422, e.getStatus().getCode());
            assertEquals("urn:wa-gateway:problem:template-not-found", problem(e).get("type"));
            assertTrue(((String) problem(e).get("detail")).contains("No templates are synced here yet"), problem(e).toString());
            assertEquals(0, fake.requestCount(), "nothing reached Meta");
        } finally {
            sql.execute("UPDATE templates SET deleted_at = NULL WHERE name IN ('order_update', 'spring_sale', 'receipt_photo')");
        }
    }

    @Test
    void aTemplateKnownHereButGoneAtMetaIsMetasAnswer() throws IOException {
        fake.enqueue(Fault.metaError(132001));
        HttpClientResponseException e = refused("{\"to\":\"+16505551299\",\"type\":\"template\",\"template\":"
                + "{\"name\":\"receipt_photo\",\"language\":{\"code\":\"de\"}}}");
        assertEquals(422, e.getStatus().getCode());
        assertEquals("urn:wa-gateway:problem:template-not-found", problem(e).get("type"));
        assertEquals("receipt_photo", ((Map<?, ?>) graphBody().get("template")).get("name"));
    }

    @ParameterizedTest(name = "Meta {0} -> {1} {2}")
    @CsvSource({
            "130429, 429, whatsapp-rate-limited",
            "131056, 429, whatsapp-rate-limited",
            "80007, 429, whatsapp-rate-limited",
            "131047, 422, whatsapp-window-closed",
            "132000, 422, template-parameter-mismatch",
            "132001, 422, template-not-found",
            "132012, 422, template-parameter-format",
            "131026, 422, message-undeliverable",
            "100, 400, whatsapp-invalid-parameter",
            "190, 502, upstream-error"})
    void metasErrorsAreMappedAndTheRowSaysFailed(int code, int status, String slug) throws IOException {
        // 130429 is retried: make every attempt meet it.
        fake.enqueue(Fault.metaError(code), Fault.metaError(code), Fault.metaError(code));
        HttpClientResponseException e = refused("{\"to\":\"+1650555" + String.format("%04d", code % 10000) + "\",\"type\":\"text\",\"text\":{\"body\":\"code " + code + "\"}}");
        assertEquals(status, e.getStatus().getCode());
        Map<?, ?> problem = problem(e);
        assertEquals("urn:wa-gateway:problem:" + slug, problem.get("type"));
        if (status == 429) {
            assertTrue(Integer.parseInt(e.getResponse().header("Retry-After")) >= 1);
        }
        String body = e.getResponse().getBody(String.class).orElseThrow();
        if (code == 190) {
            assertFalse(body.contains(SendTestSupport.TOKEN) || body.contains("Session has expired") || body.contains("access token"), body);
            assertTrue(logs.list.stream().anyMatch(l -> l.getLevel().toString().equals("ERROR") && l.getFormattedMessage().contains("code 190")));
        }
        if (code == 100) {
            assertTrue(body.contains("Invalid parameter"), "Meta's message is passed on: " + body);
        }
        assertEquals(code == 130429 ? 3 : 1, fake.requestCount(), "only throughput is retried");
        assertEquals("failed|" + code, sql.queryValue("SELECT concat_ws('|', status, error_code) FROM messages "
                + "WHERE content = 'code " + code + "'"));
        if (code == 190) {
            assertFalse(sql.queryValue("SELECT error_message FROM messages WHERE content = 'code 190'").contains("Session"));
        }
    }

    @Test
    void serverErrorsAndThroughputAreRetriedAndOneMessageIsWritten() {
        fake.enqueue(Fault.httpStatus(500), Fault.metaError(130429));
        Map<String, Object> answer = send("{\"to\":\"+16505550001\",\"type\":\"text\",\"text\":{\"body\":\"retry me\"}}");
        assertEquals(3, fake.sends().size(), "two failures, then the send");
        assertEquals("sent", answer.get("status"));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM messages WHERE content = 'retry me'"));
    }

    @Test
    void whenMetaDropsTheConnectionAfterReceivingTheRowSaysFailed() throws IOException {
        fake.enqueue(Fault.drop(), Fault.drop(), Fault.drop());
        HttpClientResponseException e = refused("{\"to\":\"+16505550002\",\"type\":\"text\",\"text\":{\"body\":\"lost\"}}");
        assertEquals(503, e.getStatus().getCode());
        assertEquals("urn:wa-gateway:problem:upstream-unavailable", problem(e).get("type"));
        assertEquals(3, fake.sends().size(), "bounded: three attempts");
        assertEquals("failed|no_answer", sql.queryValue("SELECT concat_ws('|', status, error_code) FROM messages WHERE content = 'lost'"));
        assertEquals("lost", fake.sends().getFirst().json().get("text") instanceof Map<?, ?> m ? m.get("body") : null,
                "the fake received the message before dropping");
    }

    @Test
    void theRowIsWrittenAcceptedBeforeMetaIsCalled() throws Exception {
        fake.enqueue(Fault.slow(Duration.ofMillis(400)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Map<String, Object>> sending = pool.submit(() -> send("{\"to\":\"+16505550005\",\"type\":\"text\",\"text\":{\"body\":\"ahead\"}}"));
            String seen = null;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (seen == null && System.nanoTime() < deadline) {
                seen = sql.queryValue("SELECT status || '|' || coalesce(whatsapp_message_id, 'none') FROM messages WHERE content = 'ahead'");
                Thread.sleep(20);
            }
            assertEquals("accepted|none", seen, "the row exists while Meta has the request");
            assertEquals("sent", sending.get().get("status"));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSlowMetaTimesOutAndTheRetryIsAnswered() {
        fake.enqueue(Fault.slow(Duration.ofSeconds(5)));
        assertEquals("sent", send("{\"to\":\"+16505550003\",\"type\":\"text\",\"text\":{\"body\":\"slow\"}}").get("status"));
        assertEquals(2, fake.sends().size());
    }

    @Test
    void statusesThatArrivedBeforeTheWamidAreApplied() {
        String wamid = "wamid.EARLY-" + System.nanoTime();
        sql.execute("INSERT INTO message_status_events (whatsapp_message_id, status, occurred_at, recipient_id) VALUES "
                + "('" + wamid + "', 'sent', now() - interval '2 seconds', '16505550004'), "
                + "('" + wamid + "', 'delivered', now() - interval '1 second', '16505550004')");
        fake.nextWamids(wamid);
        Map<String, Object> answer = send("{\"to\":\"+16505550004\",\"type\":\"text\",\"text\":{\"body\":\"early\"}}");
        assertEquals(wamid, answer.get("wamid"));
        assertEquals("delivered", answer.get("status"));
        assertEquals("2|" + answer.get("id"), sql.queryValue("SELECT concat_ws('|', count(*), min(message_id)) "
                + "FROM message_status_events WHERE whatsapp_message_id = '" + wamid + "' AND applied_at IS NOT NULL"));
    }

    @Test
    void sendingNeedsTheSendScope() {
        String readOnly = keys.create("read", List.of(Scopes.MESSAGES_READ), 100, null).key();
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                .exchange(HttpRequest.POST("/v1/messages", "{}").bearerAuth(readOnly).contentType("application/json")));
        assertEquals(403, e.getStatus().getCode());
        HttpClientResponseException anonymous = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                .exchange(HttpRequest.POST("/v1/messages", "{}").contentType("application/json")));
        assertEquals(401, anonymous.getStatus().getCode());
        assertEquals(0, fake.requestCount());
    }
}
