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
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/messages and GET /v1/messages/{id} over HTTP. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagesReadTest implements FreshDatabase {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private Sql sql;
    private String readKey;
    private String sentId;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(SendTestSupport.properties(database, fake));
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    void seed() {
        String sendKey = keys.create("send", List.of(Scopes.MESSAGES_SEND), 100_000, null).key();
        readKey = keys.create("read", List.of(Scopes.MESSAGES_READ), 100_000, null).key();
        for (String text : List.of("order shipped today", "invoice attached", "order delayed")) {
            Map<String, Object> answer = client.toBlocking().retrieve(HttpRequest.POST("/v1/messages",
                    "{\"to\":\"+5511987654321\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"},\"metadata\":{\"ticket\":42}}")
                    .bearerAuth(sendKey).contentType("application/json"), Map.class);
            sentId = (String) answer.get("id");
        }
        sql.execute("INSERT INTO messages (id, phone, direction, type, content, status, whatsapp_message_id) VALUES "
                + "('msg_01INBOUND0000000000000000', '+16505551234', 'inbound', 'text', 'where is my order', 'received', 'wamid.in.1')");
        // A user known by phone and BSUID: one message by each (older than the rest, so listed last).
        sql.execute("INSERT INTO contacts (id, phone, user_id) VALUES ('contact_both', '+16505559999', 'US.9999')");
        sql.execute("INSERT INTO messages (id, phone, user_id, direction, type, content, status, created_at) VALUES "
                + "('msg_00BYBSUID00000000000000000', NULL, 'US.9999', 'outbound', 'text', 'sent by BSUID', 'read', '2020-01-02'), "
                + "('msg_00BYPHONE00000000000000000', '+16505559999', NULL, 'outbound', 'text', 'sent by phone', 'read', '2020-01-01')");
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> items(Map<String, String> query) {
        UriBuilder uri = UriBuilder.of("/v1/messages");
        query.forEach(uri::queryParam);
        Map<String, Object> page = client.toBlocking().retrieve(HttpRequest.GET(uri.toString()).bearerAuth(readKey), Map.class);
        return (List<Map<String, Object>>) page.get("items");
    }

    private List<Object> contents(Map<String, String> query) {
        return items(query).stream().map(m -> m.get("content")).toList();
    }

    @Test
    void aMessageIsFoundByItsWamid() {
        assertEquals(List.of("where is my order"), contents(Map.of("wamid", "wamid.in.1")));
        assertEquals(List.of(), contents(Map.of("wamid", "wamid.nobody")));
    }

    @Test
    void listsNewestFirstWithFilters() {
        assertEquals(List.of("where is my order", "order delayed", "invoice attached", "order shipped today", "sent by BSUID",
                "sent by phone"), contents(Map.of()));
        assertEquals(List.of("order delayed", "invoice attached", "order shipped today"),
                contents(Map.of("phone", "0055 11 98765-4321")), "the phone in another spelling");
        assertEquals(List.of("where is my order"), contents(Map.of("direction", "inbound")));
        assertEquals(List.of("order delayed", "invoice attached", "order shipped today"), contents(Map.of("status", "sent")));
        assertEquals(List.of("where is my order", "order delayed", "order shipped today"), contents(Map.of("q", "order")));
        assertEquals(List.of("order delayed"), contents(Map.of("q", "order delayed", "direction", "outbound")));
        Map<String, Object> first = items(Map.of("direction", "outbound")).getFirst();
        assertEquals(Map.of("ticket", 42), first.get("metadata"));
        assertTrue(((String) first.get("wamid")).startsWith("wamid."));
    }

    @Test
    void listsAUsersMessagesByEitherIdentityOfTheirContact() {
        List<Object> both = List.of("sent by BSUID", "sent by phone");
        assertEquals(both, contents(Map.of("phone", "+1 650 555 9999")), "by phone: also those sent by the contact's BSUID");
        assertEquals(both, contents(Map.of("user_id", "US.9999")), "by BSUID: also those sent by the contact's phone");
        assertEquals(List.of("sent by BSUID"), contents(Map.of("user_id", "US.9999", "status", "read", "q", "BSUID")));
        assertEquals(List.of(), contents(Map.of("user_id", "US.0000")), "a BSUID no one has");
        assertEquals(List.of("where is my order", "sent by BSUID"), contents(Map.of("user_id", "US.9999", "phone", "+16505551234")),
                "a phone and a BSUID of two contacts: the messages of each given identity (no error)");
        for (String query : List.of("user_id=9999", "user_id=us.9999")) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(HttpRequest.GET("/v1/messages?" + query).bearerAuth(readKey), String.class));
            assertEquals(400, e.getStatus().getCode(), query);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagesWithACursor() {
        List<Object> seen = new ArrayList<>();
        Map<String, String> query = new HashMap<>(Map.of("limit", "3"));
        int pages = 0;
        while (true) {
            Map<String, Object> page = client.toBlocking().retrieve(HttpRequest.GET(
                    UriBuilder.of("/v1/messages").queryParam("limit", "3").queryParam("cursor", query.get("cursor")).toString())
                    .bearerAuth(readKey), Map.class);
            pages++;
            ((List<Map<String, Object>>) page.get("items")).forEach(m -> seen.add(m.get("content")));
            if (page.get("next_cursor") == null) {
                break;
            }
            query.put("cursor", (String) page.get("next_cursor"));
        }
        assertEquals(2, pages);
        assertEquals(contents(Map.of()), seen);
    }

    @Test
    void showsOneMessageAnd404sOthers() {
        Map<?, ?> one = client.toBlocking().retrieve(HttpRequest.GET("/v1/messages/" + sentId).bearerAuth(readKey), Map.class);
        assertEquals("order delayed", one.get("content"));
        assertEquals("sent", one.get("status"));
        for (String id : List.of("msg_01NOSUCHMESSAGE000000000", "not-an-id")) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(HttpRequest.GET("/v1/messages/" + id).bearerAuth(readKey), String.class));
            assertEquals(404, e.getStatus().getCode());
        }
    }

    @Test
    void badFiltersAre400AndReadingNeedsTheReadScope() {
        for (String query : List.of("status=lost", "direction=sideways", "phone=123", "limit=101", "cursor=nope")) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(HttpRequest.GET("/v1/messages?" + query).bearerAuth(readKey), String.class));
            assertEquals(400, e.getStatus().getCode(), query);
        }
        String sendOnly = keys.create("send only", List.of(Scopes.MESSAGES_SEND), 100, null).key();
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/v1/messages").bearerAuth(sendOnly), String.class));
        assertEquals(403, e.getStatus().getCode());
    }
}
