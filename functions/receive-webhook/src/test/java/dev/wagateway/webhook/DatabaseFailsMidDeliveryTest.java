package dev.wagateway.webhook;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static dev.wagateway.webhook.Samples.OUTBOUND_WAMID;
import static dev.wagateway.webhook.Samples.TEXT_WAMID;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The database goes away in the middle of a delivery (after its messages, at its status): 503, and
 * nothing of it is stored, not even the messages and contact counts written before the failure.
 * Meta's redelivery then stores all of it once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseFailsMidDeliveryTest implements FreshDatabase {

    private static final String REACTION_WAMID = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ07RgA=";

    @Inject
    @Client("/")
    HttpClient client;

    private Sql sql;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(Samples.credentials());
    }

    @Test
    void nothingIsHalfWrittenAndTheRedeliveryStoresEverything() {
        byte[] body = Samples.bytes("batch-several-entries", TEXT_WAMID, "wamid.mid1", REACTION_WAMID, "wamid.mid2",
                OUTBOUND_WAMID, "wamid.mid3");
        // The connection dies when the delivery reaches its status: as if the server stopped.
        sql.execute("""
                CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$""");
        sql.execute("CREATE TRIGGER die BEFORE INSERT ON message_status_events FOR EACH ROW EXECUTE FUNCTION die()");
        try {
            assertEquals(503, post(body));
        } finally {
            sql.execute("DROP TRIGGER die ON message_status_events");
        }
        assertEquals("0|0|0|0", counts());

        assertEquals(200, post(body));
        assertEquals("2|1|2|1", counts());
    }

    /** messages, status events, contacts' message_count, contacts. */
    private String counts() {
        return sql.queryValue("""
                SELECT (SELECT count(*) FROM messages WHERE whatsapp_message_id IN ('wamid.mid1', 'wamid.mid2')) || '|' ||
                       (SELECT count(*) FROM message_status_events WHERE whatsapp_message_id = 'wamid.mid3') || '|' ||
                       (SELECT coalesce(sum(message_count), 0) FROM contacts) || '|' ||
                       (SELECT count(*) FROM contacts)""");
    }

    private int post(byte[] body) {
        HttpRequest<byte[]> request = HttpRequest.POST("/webhooks/whatsapp", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(WebhookSignature.HEADER, Samples.sign(body));
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, String.class);
            return response.code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }
}
