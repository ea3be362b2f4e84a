package dev.wagateway.listtemplates;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/templates over HTTP: filters, pages, validation, scopes. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateListTest implements FreshDatabase {

    private Sql sql;
    private String readKey;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Inject
    TemplateRepository templates;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
    }

    @BeforeAll
    void seed() {
        readKey = keys.create("read", List.of(Scopes.TEMPLATES_READ), 10_000, null).key();
        List<Object> body2 = List.of(Map.of("type", "HEADER", "format", "TEXT", "text", "Order"),
                Map.of("type", "BODY", "text", "Hi {{1}}, order {{2}}"), Map.of("type", "FOOTER", "text", "Thanks"));
        templates.save(Template.create("order_shipped", "en_US", "UTILITY", "APPROVED", "Hi {{1}}, order {{2}}", body2, 2, "1"));
        templates.save(Template.create("order_shipped", "pt_BR", "UTILITY", "PENDING", "Olá", List.of(), 0, "2"));
        templates.save(Template.create("promo_50%_off", "en_US", "MARKETING", "APPROVED", "Sale", List.of(), 0, "3"));
        templates.save(Template.create("promo_5000", "en_US", "MARKETING", "REJECTED", "Sale", List.of(), 0, "4"));
        templates.save(Template.create("login_code", "en_US", "AUTHENTICATION", "IN_APPEAL", "{{1}}", List.of(), 1, "5"));
        templates.save(Template.create("alpha", "es", "UTILITY", "PAUSED", "x", List.of(), 0, "6"));
        templates.save(Template.create("zeta", "es", "UTILITY", "APPROVED", "x", List.of(), 0, "7"));
        Template retired = templates.save(Template.create("retired", "en_US", "UTILITY", "APPROVED", "x", List.of(), 0, "8"));
        sql.execute("UPDATE templates SET deleted_at = now() WHERE id = '" + retired.id() + "'");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> list(Map<String, String> query) {
        UriBuilder uri = UriBuilder.of("/v1/templates");
        query.forEach(uri::queryParam);
        return client.toBlocking().retrieve(HttpRequest.GET(uri.toString()).bearerAuth(readKey), Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<String> keysOf(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(t -> t.get("name") + "/" + t.get("language")).toList();
    }

    private HttpClientResponseException refused(String pathAndQuery, String key) {
        return assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET(pathAndQuery).bearerAuth(key), String.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsLiveTemplatesInNameOrderWithComponentsAndParameterCount() {
        Map<String, Object> page = list(Map.of());
        assertEquals(List.of("alpha/es", "login_code/en_US", "order_shipped/en_US", "order_shipped/pt_BR",
                "promo_50%_off/en_US", "promo_5000/en_US", "zeta/es"), keysOf(page), "sorted, soft-deleted left out");
        assertNull(page.get("next_cursor"));
        Map<String, Object> shipped = ((List<Map<String, Object>>) page.get("items")).get(2);
        assertEquals(2, shipped.get("body_parameter_count"));
        assertEquals("UTILITY", shipped.get("category"));
        assertEquals("APPROVED", shipped.get("status"));
        assertEquals(List.of("HEADER", "BODY", "FOOTER"),
                ((List<Map<String, Object>>) shipped.get("components")).stream().map(c -> c.get("type")).toList());
        assertNotNull(shipped.get("updated_at"));
        assertTrue(((String) shipped.get("id")).startsWith("tmpl_"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPageOfLargeTemplatesStaysUnderTheLambdaLimitAndThePagesHoldThemAll() throws IOException {
        // Six templates of about 1 MB each: a page of them all would pass Lambda's 6 MB answer limit.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(templates.save(Template.create("huge_" + i, "en_US", "UTILITY", "APPROVED", "x",
                    List.of(Map.of("type", "BODY", "text", String.valueOf(i).repeat(1_000_000))), 0, "huge" + i)).id());
        }
        try {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                UriBuilder uri = UriBuilder.of("/v1/templates").queryParam("q", "huge_").queryParam("limit", "100");
                if (cursor != null) {
                    uri.queryParam("cursor", cursor);
                }
                String answer = client.toBlocking().retrieve(HttpRequest.GET(uri.toString()).bearerAuth(readKey), String.class);
                assertTrue(answer.length() < 6_000_000, "a page is under Lambda's 6 MB: " + answer.length());
                Map<String, Object> page = JsonMapper.createDefault().readValue(answer, Map.class);
                seen.addAll(keysOf(page));
                cursor = (String) page.get("next_cursor");
                pages++;
            } while (cursor != null);
            assertTrue(pages > 1, "the templates did not fit in one answer");
            assertEquals(List.of("huge_0/en_US", "huge_1/en_US", "huge_2/en_US", "huge_3/en_US", "huge_4/en_US", "huge_5/en_US"), seen);
        } finally {
            ids.forEach(id -> sql.execute("UPDATE templates SET deleted_at = now() WHERE id = '" + id + "'"));
        }
    }

    @Test
    void filtersByStatusCategoryLanguageExactNameAndNamePart() {
        assertEquals(List.of("order_shipped/en_US", "promo_50%_off/en_US", "zeta/es"), keysOf(list(Map.of("status", "approved"))));
        assertEquals(List.of("login_code/en_US"), keysOf(list(Map.of("status", "in appeal"))));
        assertEquals(List.of("promo_50%_off/en_US", "promo_5000/en_US"), keysOf(list(Map.of("category", "Marketing"))));
        assertEquals(List.of("alpha/es", "zeta/es"), keysOf(list(Map.of("language", "es"))));
        assertEquals(List.of("order_shipped/en_US", "order_shipped/pt_BR"), keysOf(list(Map.of("name", "order_shipped"))));
        assertEquals(List.of(), keysOf(list(Map.of("name", "order"))), "name is exact");
        assertEquals(List.of("order_shipped/en_US", "order_shipped/pt_BR"), keysOf(list(Map.of("q", "SHIP"))));
        assertEquals(List.of("promo_50%_off/en_US"), keysOf(list(Map.of("q", "50%"))), "% is literal");
        assertEquals(List.of("promo_5000/en_US"), keysOf(list(Map.of("q", "promo", "status", "REJECTED", "category", "marketing"))));
        assertEquals(List.of(), keysOf(list(Map.of("q", "retired"))));
    }

    @Test
    void pagesWithAnOpaqueCursorUntilTheLastPage() {
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Map<String, String> query = new HashMap<>(Map.of("limit", "3"));
        while (true) {
            Map<String, Object> page = list(query);
            seen.addAll(keysOf(page));
            sizes.add(keysOf(page).size());
            if (page.get("next_cursor") == null) {
                break;
            }
            query.put("cursor", (String) page.get("next_cursor"));
        }
        assertEquals(List.of(3, 3, 1), sizes);
        assertEquals(keysOf(list(Map.of())), seen);

        Map<String, Object> filtered = list(Map.of("status", "APPROVED", "limit", "2"));
        assertEquals(List.of("order_shipped/en_US", "promo_50%_off/en_US"), keysOf(filtered));
        assertEquals(List.of("zeta/es"), keysOf(list(Map.of("status", "APPROVED", "limit", "2",
                "cursor", (String) filtered.get("next_cursor")))));
    }

    @Test
    void badParametersAre400ProblemsNamingTheField() {
        for (String limit : List.of("0", "101")) {
            HttpClientResponseException e = refused("/v1/templates?limit=" + limit, readKey);
            assertEquals(400, e.getStatus().getCode());
            String body = e.getResponse().getBody(String.class).orElseThrow();
            assertTrue(body.contains("validation-failed") && body.contains("\"field\":\"limit\""), body);
        }
        HttpClientResponseException status = refused("/v1/templates?status=LIVE", readKey);
        assertTrue(status.getResponse().getBody(String.class).orElseThrow().contains("\"field\":\"status\""));
        HttpClientResponseException cursor = refused("/v1/templates?cursor=bm90LW91cnM", readKey);
        assertEquals(400, cursor.getStatus().getCode());
        assertTrue(cursor.getResponse().getBody(String.class).orElseThrow().contains("invalid-cursor"));
        assertEquals(7, keysOf(list(Map.of("limit", "100"))).size(), "100 is allowed");
    }

    @Test
    void syncWithoutWhatsAppSettingsIs503() {
        String syncKey = keys.create("sync", List.of(Scopes.TEMPLATES_SYNC), 100, null).key();
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                .exchange(HttpRequest.POST("/v1/templates/sync", "").bearerAuth(syncKey), String.class));
        assertEquals(503, e.getStatus().getCode());
        String body = e.getResponse().getBody(String.class).orElseThrow();
        assertTrue(body.contains("whatsapp-not-configured") && body.contains("WHATSAPP_BUSINESS_ACCOUNT_ID"), body);
        assertEquals("7", sql.queryValue("SELECT count(*) FROM templates WHERE deleted_at IS NULL"), "nothing touched");
    }

    @Test
    void listingNeedsTheReadScope() {
        String sendOnly = keys.create("send", List.of(Scopes.MESSAGES_SEND, Scopes.TEMPLATES_SYNC), 100, null).key();
        assertEquals(403, refused("/v1/templates", sendOnly).getStatus().getCode());
        assertEquals(401, refused("/v1/templates", "wak_nope").getStatus().getCode());
    }
}
