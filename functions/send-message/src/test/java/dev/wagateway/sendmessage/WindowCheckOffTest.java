package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code sending.window-check: false}: a free-form send outside the window goes to Meta, which decides (its 131047). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowCheckOffTest implements FreshDatabase {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        properties.putAll(SendTestSupport.properties(database, fake));
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void metaDecides() {
        String key = keys.create("off", List.of(Scopes.MESSAGES_SEND), 1000, null).key();
        String body = "{\"to\":\"+16505550111\",\"type\":\"text\",\"text\":{\"body\":\"never wrote\"}}";
        assertEquals(202, client.toBlocking().exchange(HttpRequest.POST("/v1/messages", body).bearerAuth(key)
                .contentType("application/json"), Map.class).code());
        assertEquals(1, fake.sends().size(), "the send reached Meta");
        fake.enqueue(Fault.metaError(131047));
        HttpClientResponseException refused = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                .exchange(HttpRequest.POST("/v1/messages", body).bearerAuth(key).contentType("application/json"), Map.class));
        assertEquals(422, refused.getStatus().getCode());
        assertEquals(2, fake.sends().size());
    }
}
