package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.fakegraph.Fault;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency-Key on POST /v1/messages, over HTTP. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest implements FreshDatabase {

    private static final String BODY = "{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"once\"}}";

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private Sql sql;
    private String key;
    private String otherKey;

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
    void setUp() {
        key = keys.create("send", List.of(Scopes.MESSAGES_SEND), 100_000, null).key();
        otherKey = keys.create("other", List.of(Scopes.MESSAGES_SEND), 100_000, null).key();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    private MutableHttpRequest<String> post(String apiKey, String idempotencyKey, String body) {
        return HttpRequest.POST("/v1/messages", body).bearerAuth(apiKey).contentType("application/json")
                .header("Idempotency-Key", idempotencyKey);
    }

    @SuppressWarnings("unchecked")
    private HttpResponse<Map> send(String apiKey, String idempotencyKey, String body) {
        return client.toBlocking().exchange(post(apiKey, idempotencyKey, body), Map.class);
    }

    @Test
    void theSameKeyAndBodyAnswerTheFirstResultWithoutASecondSend() {
        String idem = UUID.randomUUID().toString();
        HttpResponse<Map> first = send(key, idem, BODY);
        HttpResponse<Map> second = send(key, idem, BODY);
        assertEquals(202, second.code());
        assertEquals(first.body(), second.body());
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(1, fake.sends().size());
        assertEquals("1", sql.queryValue("SELECT count(*) FROM messages WHERE id = '" + first.body().get("id") + "'"));
        assertEquals("true", sql.queryValue("SELECT (expires_at > now() + interval '24 hours')::text FROM idempotency_keys "
                + "WHERE idempotency_key = '" + idem + "'"), "kept at least 24 hours");

        // Keys belong to one API key: another caller's same key is a new request.
        HttpResponse<Map> other = send(otherKey, idem, BODY);
        assertTrue(!other.body().get("id").equals(first.body().get("id")));
        assertEquals(2, fake.sends().size());
    }

    @Test
    void theSameKeyWithAnotherBodyIs409() {
        String idem = UUID.randomUUID().toString();
        send(key, idem, BODY);
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                .exchange(post(key, idem, BODY.replace("once", "twice")), String.class));
        assertEquals(409, e.getStatus().getCode());
        assertTrue(e.getResponse().getBody(String.class).orElseThrow().contains("urn:wa-gateway:problem:idempotency-key-reused"));
        assertEquals(1, fake.sends().size());
    }

    @Test
    void concurrentRequestsWithOneKeySendOnce() throws Exception {
        String idem = UUID.randomUUID().toString();
        fake.enqueue(Fault.slow(Duration.ofMillis(300)));
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<Map>>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<HttpResponse<Map>> call = () -> {
                    start.await();
                    return send(key, idem, BODY);
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Object> ids = new ArrayList<>();
            for (Future<HttpResponse<Map>> answer : answers) {
                HttpResponse<Map> response = answer.get();
                assertEquals(202, response.code());
                ids.add(response.body().get("id"));
            }
            assertEquals(1, ids.stream().distinct().count(), "one id for all: " + ids);
            assertEquals(1, fake.sends().size(), "one send");
            assertEquals("1", sql.queryValue("SELECT count(*) FROM messages WHERE content = 'once' AND id = '" + ids.getFirst() + "'"));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRefusalIsReplayedButARateLimitLetsTheKeyTryAgain() {
        String refusedKey = UUID.randomUUID().toString();
        fake.enqueue(Fault.metaError(131047));
        String body = BODY.replace("once", "window");
        HttpClientResponseException first = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(post(key, refusedKey, body), String.class));
        HttpClientResponseException again = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(post(key, refusedKey, body), String.class));
        assertEquals(422, again.getStatus().getCode());
        assertEquals(first.getResponse().getBody(String.class), again.getResponse().getBody(String.class));
        assertEquals("application/problem+json", again.getResponse().getContentType().orElseThrow().toString());
        assertEquals(1, fake.sends().size());

        String limitedKey = UUID.randomUUID().toString();
        fake.enqueue(Fault.metaError(131056));
        String limitedBody = BODY.replace("once", "later");
        HttpClientResponseException limited = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(post(key, limitedKey, limitedBody), String.class));
        assertEquals(429, limited.getStatus().getCode());
        assertEquals(202, send(key, limitedKey, limitedBody).code(), "after a rate limit the same key sends");
        assertEquals(3, fake.sends().size());
    }

    @Test
    void aClaimLeftByARequestThatDiedIsTakenOverOnlyWhenItNeverReachedMeta() throws Exception {
        String apiKeyId = sql.queryValue("SELECT id FROM api_keys WHERE name = 'send'");
        String body = BODY.replace("once", "after a crash");
        // The key is held to the parsed body: its members sorted, no spacing.
        String canonical = "{\"text\":{\"body\":\"after a crash\"},\"to\":\"+16505551234\",\"type\":\"text\"}";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));

        // Died before writing its message: Meta never saw it, so the retry sends.
        sql.execute("INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, created_at, expires_at) VALUES ('"
                + apiKeyId + "', 'died-early', '" + hash + "', now() - interval '20 minutes', now() + interval '1 day')");
        HttpResponse<Map> retried = send(key, "died-early", body);
        assertEquals("sent", retried.body().get("status"));
        assertEquals(1, fake.sends().size());

        // Died after writing its message (accepted: Meta may have it): the answer is that message, nothing is sent.
        sql.execute("INSERT INTO messages (id, phone, direction, type, content, status) VALUES "
                + "('msg_01DIEDLATE00000000000000', '+16505551234', 'outbound', 'text', 'after a crash', 'accepted')");
        sql.execute("INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, message_id, created_at, expires_at) "
                + "VALUES ('" + apiKeyId + "', 'died-late', '" + hash + "', 'msg_01DIEDLATE00000000000000', "
                + "now() - interval '20 minutes', now() + interval '1 day')");
        HttpResponse<Map> answered = send(key, "died-late", body);
        assertEquals(202, answered.code());
        assertEquals(Map.of("id", "msg_01DIEDLATE00000000000000", "status", "accepted"), answered.body());
        assertEquals(1, fake.sends().size(), "no second send");
    }

    @Test
    void anErrorBeforeMetaReleasesTheKey() {
        // PostgreSQL refuses the message row (as it refused a NUL): nothing reached Meta, so the key is free again.
        sql.execute("ALTER TABLE messages ADD CONSTRAINT refuse_for_test CHECK (content IS DISTINCT FROM 'refused row')");
        String idem = UUID.randomUUID().toString();
        String body = BODY.replace("once", "refused row");
        try {
            HttpClientResponseException failed = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(post(key, idem, body), String.class));
            assertEquals(500, failed.getStatus().getCode());
        } finally {
            sql.execute("ALTER TABLE messages DROP CONSTRAINT refuse_for_test");
        }
        long started = System.nanoTime();
        HttpResponse<Map> retried = send(key, idem, body);
        assertEquals(202, retried.code());
        assertNull(retried.header("Idempotent-Replayed"), "a new attempt, not a replay");
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "no wait for a claim nobody holds");
        assertEquals(1, fake.sends().size());
    }

    @Test
    void anErrorAfterMetaTookTheMessageSettlesTheKeyWithThatSend() {
        // Meta answers with a wamid, then recording it fails: the retry learns of that send instead of sending again.
        sql.execute("""
                CREATE FUNCTION refuse_sent_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.status = 'sent' AND NEW.content = 'unrecorded' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                RETURN NEW; END $$""");
        sql.execute("CREATE TRIGGER refuse_sent_for_test BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION refuse_sent_for_test()");
        String idem = UUID.randomUUID().toString();
        String body = BODY.replace("once", "unrecorded");
        try {
            HttpClientResponseException failed = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(post(key, idem, body), String.class));
            assertEquals(500, failed.getStatus().getCode());
        } finally {
            sql.execute("DROP TRIGGER refuse_sent_for_test ON messages");
            sql.execute("DROP FUNCTION refuse_sent_for_test()");
        }
        long started = System.nanoTime();
        HttpResponse<Map> retried = send(key, idem, body);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "no wait: the key is settled");
        assertEquals(202, retried.code());
        assertEquals("true", retried.header("Idempotent-Replayed"));
        assertEquals(1, fake.sends().size(), "Meta got it once");
        assertTrue(retried.body().get("wamid") instanceof String, retried.body().toString());
    }

    @Test
    void theSameJsonWrittenAnotherWayIsTheSameRequest() {
        String idem = UUID.randomUUID().toString();
        String body = "{\"to\":\"+16505551234\",\"type\":\"text\",\"text\":{\"body\":\"spaced\"}}";
        HttpResponse<Map> first = send(key, idem, body);
        // Other spacing, another key order, an escape for a plain letter: the same JSON.
        HttpResponse<Map> again = send(key, idem, " { \"type\" : \"text\", \"text\": {\"body\":\"sp\\u0061ced\"},\n \"to\":\"+16505551234\" } ");
        assertEquals(202, again.code());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.body(), again.body());
        assertEquals(1, fake.sends().size());
    }

    @Test
    void aMalformedKeyIs400() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(post(key, "x".repeat(256), BODY), String.class));
        assertEquals(400, e.getStatus().getCode());
        assertTrue(e.getResponse().getBody(String.class).orElseThrow().contains("Idempotency-Key"));
        assertEquals(0, fake.requestCount());
    }
}
