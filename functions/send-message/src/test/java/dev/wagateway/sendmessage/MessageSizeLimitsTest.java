package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message metadata is capped at 16 KB, and a page of messages stays under Lambda's 6 MB answer limit
 * however large its rows are (the invocation's answer carries the body as an escaped JSON string).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageSizeLimitsTest implements FreshDatabase {

    private static final int LAMBDA_ANSWER_LIMIT = 6 * 1024 * 1024;
    private static final String PHONE = "+16505550177";

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private Sql sql;
    private String key;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Inject
    JsonMapper json;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(SendTestSupport.properties(database, fake));
        properties.put("micronaut.http.client.max-content-length", String.valueOf(64 * 1024 * 1024));
    }

    @BeforeAll
    void seed() {
        key = keys.create("limits", List.of(Scopes.MESSAGES_SEND, Scopes.MESSAGES_READ), 100_000, null).key();
        // 120 rows as large as the API lets a send make them (4096 characters that JSON escapes, 16 KB of
        // metadata likewise), and 5 inbound rows whose raw copies hold 1 MB of quotes each (2 MB as Meta escapes them: a 3 MB delivery may hold that).
        sql.execute("""
                INSERT INTO messages (id, phone, direction, type, content, status, metadata, created_at)
                SELECT 'msg_size' || lpad(n::text, 22, '0'), '%s', 'outbound', 'text', repeat('"', 4096), 'sent',
                       jsonb_build_object('k', repeat('\\', 16 * 1024 - 16)), now() - n * interval '1 second'
                FROM generate_series(1, 120) n""".formatted(PHONE));
        sql.execute("""
                INSERT INTO messages (id, phone, direction, type, content, status, metadata, created_at)
                SELECT 'msg_huge' || lpad(n::text, 22, '0'), '%s', 'inbound', 'text', 'hi', 'received',
                       jsonb_build_object('whatsapp', jsonb_build_object('x', repeat('"', 1024 * 1024))), now() - n * interval '1 ms'
                FROM generate_series(1, 5) n""".formatted(PHONE));
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void metadataOverSixteenKilobytesIsRefused() throws IOException {
        String big = "x".repeat(16 * 1024);
        HttpClientResponseException refused = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(
                HttpRequest.POST("/v1/messages", "{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"hi\"},"
                        + "\"metadata\":{\"note\":\"" + big + "\"}}").bearerAuth(key).contentType("application/json"), String.class));
        assertEquals(400, refused.getStatus().getCode());
        Map<String, Object> problem = json.readValue(refused.getResponse().getBody(String.class).orElseThrow(), Map.class);
        assertEquals("urn:wa-gateway:problem:validation-failed", problem.get("type"));
        assertEquals("metadata", ((List<Map<String, Object>>) problem.get("errors")).getFirst().get("field"));
        assertEquals(0, fake.requestCount(), "nothing reached Meta");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPageStaysUnderTheLambdaLimitAndThePagesTogetherHoldEveryRow() throws IOException {
        Set<Object> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String uri = "/v1/messages?limit=100&phone=" + URLEncoder.encode(PHONE, StandardCharsets.UTF_8)
                    + (cursor == null ? "" : "&cursor=" + cursor);
            String body = client.toBlocking().retrieve(HttpRequest.GET(uri).bearerAuth(key), String.class);
            // As the invocation's answer carries it: a JSON string, each quote and backslash escaped.
            int escaped = json.writeValueAsBytes(body).length;
            assertTrue(escaped < LAMBDA_ANSWER_LIMIT, "page " + pages + " is " + escaped + " bytes as Lambda's answer");
            Map<String, Object> page = json.readValue(body, Map.class);
            for (Map<String, Object> item : (List<Map<String, Object>>) page.get("items")) {
                assertTrue(seen.add(item.get("id")), "a row on two pages: " + item.get("id"));
            }
            cursor = (String) page.get("next_cursor");
            pages++;
        } while (cursor != null && pages < 200);
        assertEquals(125, seen.size(), "every row, on one page or another");
    }
}
