package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sender number but no access token: 503, and the row written before the call says why it failed. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnconfiguredSendTest implements FreshDatabase {

    private Sql sql;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.put("whatsapp.phone-number-id", "1055");
    }

    @Test
    void withoutAnAccessTokenASendIs503AndTheRowSaysFailed() {
        String key = keys.create("send", List.of(Scopes.MESSAGES_SEND), 100, null).key();
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.POST("/v1/messages",
                        "{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"nowhere\"}}")
                        .bearerAuth(key).contentType("application/json"), String.class));
        assertEquals(503, e.getStatus().getCode());
        assertTrue(e.getResponse().getBody(String.class).orElseThrow().contains("whatsapp-not-configured"));
        assertEquals("failed|whatsapp-not-configured", sql.queryValue(
                "SELECT concat_ws('|', status, error_code) FROM messages WHERE content = 'nowhere'"));
    }
}
