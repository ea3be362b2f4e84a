package dev.wagateway.listtemplates;

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
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/templates/sync over HTTP against the fake Graph API, pages of two templates each. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateSyncTest implements FreshDatabase {

    private static final String TOKEN = "EAAG-sync-token-secret";

    private final FakeGraphApi fake = new FakeGraphApi(TOKEN);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Sql sql;
    private String syncKey;
    private String readKey;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.business-account-id", "102290129340398");
        properties.put("whatsapp.graph.base-url", fake.baseUrl());
        properties.put("whatsapp.graph.read-timeout", "2s"); // room for a loaded machine; Fault.slow beyond it
        properties.put("whatsapp.graph.initial-backoff", "10ms");
        properties.put("templates.sync.page-size", "2");
        properties.put("datasources.default.maximum-pool-size", "4");
    }

    @BeforeAll
    void setUp() {
        syncKey = keys.create("sync", List.of(Scopes.TEMPLATES_SYNC), 10_000, null).key();
        readKey = keys.create("read", List.of(Scopes.TEMPLATES_READ), 10_000, null).key();
        logs.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @BeforeEach
    void reset() {
        fake.reset();
        fake.templates(FakeGraphApi.sampleTemplates());
        sql.execute("DELETE FROM templates");
    }

    @AfterAll
    void stop() {
        fake.close();
        assertFalse(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(TOKEN)), "the token was logged");
    }

    private Map<String, Object> sync() {
        return client.toBlocking().retrieve(HttpRequest.POST("/v1/templates/sync", "").bearerAuth(syncKey), Map.class);
    }

    private HttpClientResponseException syncFails() {
        return assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.POST("/v1/templates/sync", "").bearerAuth(syncKey), String.class));
    }

    private String snapshot() {
        return sql.queryValue("SELECT string_agg(id || name || language || status || category || components::text || "
                + "coalesce(deleted_at::text, 'live') || updated_at::text, ',' ORDER BY id) FROM templates");
    }

    private static Map<String, Object> template(String name, String language, String status, String category, String body) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("name", name);
        template.put("language", language);
        template.put("status", status);
        template.put("category", category);
        template.put("components", List.of(Map.of("type", "BODY", "text", body)));
        template.put("id", "9" + Math.abs((name + language).hashCode()));
        return template;
    }

    @Test
    void followsEveryPageAndStoresTemplatesAsMetaWritesThem() {
        assertEquals(Map.of("added", 3, "updated", 0, "removed", 0, "unchanged", 0, "skipped", List.of()), sync());
        assertEquals(2, fake.requestCount(), "two pages of two");
        assertEquals("2", fake.requests().getFirst().query().get("limit"));
        assertTrue(fake.requests().getFirst().query().get("fields").contains("components"));
        assertFalse(fake.requests().get(1).query().get("after").isEmpty(), "page 2 asked for by its cursor");

        assertEquals("APPROVED|UTILITY|2|1234567890123456|Hi {{1}}, your order {{2}} is on its way|POSITIONAL",
                sql.queryValue("SELECT concat_ws('|', status, category, body_parameter_count, whatsapp_template_id, content, "
                        + "metadata->>'parameter_format') FROM templates WHERE name = 'order_update' AND language = 'en_US'"));
        assertEquals("PAUSED|AUTHENTICATION|1", sql.queryValue("SELECT concat_ws('|', status, category, body_parameter_count) "
                + "FROM templates WHERE name = 'otp_code'"));
        assertEquals("OTP", sql.queryValue("SELECT components->1->'buttons'->0->>'type' FROM templates WHERE name = 'otp_code'"));

        assertEquals(Map.of("added", 0, "updated", 0, "removed", 0, "unchanged", 3, "skipped", List.of()), sync());
    }

    @Test
    void addsUpdatesAndSoftDeletesWhatMetaNoLongerReturnsAndMapsLegacySpellings() {
        sync();
        String welcomeId = sql.queryValue("SELECT id FROM templates WHERE name = 'welcome'");
        List<Map<String, Object>> now = new ArrayList<>(FakeGraphApi.sampleTemplates());
        now.removeIf(t -> t.get("name").equals("welcome"));
        Map<String, Object> otp = new LinkedHashMap<>(now.get(1));
        otp.put("status", "approved");
        now.set(1, otp);
        now.add(template("shipping_notice", "es", "in appeal", "transactional", "Hola {{1}}, {{2}} y {{1}}"));
        now.add(template("login_code", "en_GB", "Pending-Deletion", "otp", "{{code}} is your code"));
        now.add(template("odd_one", "en_US", "BRAND_NEW_STATUS", "UTILITY", "x"));
        fake.templates(now);

        Map<String, Object> counts = sync();
        assertEquals(2, counts.get("added"));
        assertEquals(1, counts.get("updated"));
        assertEquals(1, counts.get("removed"));
        assertEquals(1, counts.get("unchanged"));
        assertEquals(List.of("odd_one/en_US: unknown status 'BRAND_NEW_STATUS'"), counts.get("skipped"));
        assertEquals(3, fake.requestCount() - 2, "six templates: three pages");

        assertEquals("APPROVED", sql.queryValue("SELECT status FROM templates WHERE name = 'otp_code' AND deleted_at IS NULL"));
        assertEquals("IN_APPEAL|UTILITY|2", sql.queryValue("SELECT concat_ws('|', status, category, body_parameter_count) "
                + "FROM templates WHERE name = 'shipping_notice'"));
        assertEquals("PENDING_DELETION|AUTHENTICATION|1", sql.queryValue("SELECT concat_ws('|', status, category, "
                + "body_parameter_count) FROM templates WHERE name = 'login_code'"));
        assertEquals("true", sql.queryValue("SELECT (deleted_at IS NOT NULL)::text FROM templates WHERE id = '" + welcomeId + "'"));

        // Meta returns it again: a new live row, the soft-deleted one stays as history.
        fake.templates(FakeGraphApi.sampleTemplates());
        Map<String, Object> back = sync();
        assertEquals(1, back.get("added"));
        assertEquals(2, back.get("removed"), "shipping_notice and login_code");
        assertEquals("2", sql.queryValue("SELECT count(*) FROM templates WHERE name = 'welcome'"));
    }

    @Test
    void aFailureOnPageTwoChangesNothing() {
        sync();
        String before = snapshot();
        List<Map<String, Object>> changed = new ArrayList<>(FakeGraphApi.sampleTemplates());
        Map<String, Object> paused = new LinkedHashMap<>(changed.getFirst());
        paused.put("status", "PAUSED");
        changed.set(0, paused);
        changed.remove(1);
        changed.add(template("later", "en_US", "APPROVED", "UTILITY", "x"));
        fake.templates(changed);
        fake.reset();

        fake.enqueue(Fault.pass(), Fault.metaError(100));
        HttpClientResponseException refused = syncFails();
        assertEquals(502, refused.getStatus().getCode());
        assertTrue(refused.getResponse().getBody(String.class).orElseThrow().contains("urn:wa-gateway:problem:upstream-error"));
        assertEquals(before, snapshot());

        // The JDK's HttpClient (under the Graph API client) sends a GET once more by itself, on a new connection, when
        // one closes before any answer (never a POST: a send is not repeated), so each of the client's own three
        // attempts at page 2 reaches Meta twice.
        fake.enqueue(Fault.pass(), Fault.drop(), Fault.drop(), Fault.drop(), Fault.drop(), Fault.drop(), Fault.drop());
        HttpClientResponseException silent = syncFails();
        assertEquals(503, silent.getStatus().getCode());
        assertTrue(silent.getResponse().getBody(String.class).orElseThrow().contains("upstream-unavailable"));
        assertEquals(before, snapshot());
        assertEquals(2 + 7, fake.requestCount(), "page 1, page 2 refused; page 1, page 2 dropped six times");

        Map<String, Object> counts = sync();
        assertEquals(List.of(1, 1, 1, 1), List.of(counts.get("added"), counts.get("updated"), counts.get("removed"),
                counts.get("unchanged")), "once Meta answers, the same sync goes through: " + counts);
    }

    @Test
    void metasRateLimitsAre429WithRetryAfterAndABadTokenIs502WithoutIt() {
        for (Fault fault : List.of(Fault.metaError(80008), Fault.httpStatus(429), Fault.metaError(80007))) {
            fake.enqueue(fault);
            HttpClientResponseException limited = syncFails();
            assertEquals(429, limited.getStatus().getCode());
            assertEquals("60", limited.getResponse().header("Retry-After"));
            assertTrue(limited.getResponse().getBody(String.class).orElseThrow().contains("whatsapp-rate-limited"));
        }
        assertEquals(3, fake.requestCount(), "rate limits are not retried");

        fake.enqueue(Fault.metaError(190));
        HttpClientResponseException token = syncFails();
        assertEquals(502, token.getStatus().getCode());
        String body = token.getResponse().getBody(String.class).orElseThrow();
        assertFalse(body.contains(TOKEN) || body.contains("Session has expired"), body);
        assertTrue(logs.list.stream().anyMatch(e -> e.getLevel().toString().equals("ERROR")
                && e.getFormattedMessage().contains("code 190")), "a bad token is logged loudly");
        assertEquals("0", sql.queryValue("SELECT count(*) FROM templates"));
    }

    @Test
    void syncNeedsTheSyncScope() {
        HttpClientResponseException forbidden = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.POST("/v1/templates/sync", "").bearerAuth(readKey)));
        assertEquals(403, forbidden.getStatus().getCode());
        HttpClientResponseException anonymous = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.POST("/v1/templates/sync", "")));
        assertEquals(401, anonymous.getStatus().getCode());
        assertEquals(0, fake.requestCount());
    }

    @Test
    void twoSyncsAtOnceTakeTurns() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(this::sync);
            var second = pool.submit(this::sync);
            List<Map<String, Object>> results = List.of(first.get(), second.get());
            assertEquals(3, results.stream().mapToInt(r -> (Integer) r.get("added")).sum());
            assertEquals("3", sql.queryValue("SELECT count(*) FROM templates WHERE deleted_at IS NULL"));
        } finally {
            pool.shutdown();
        }
    }
}
