package dev.wagateway.shared.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.apikey.ApiKeyService.CreatedApiKey;
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
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyAuthTest implements FreshDatabase {

    private static final String LEGACY_KEY = "sk_live_4f9a1c2e7b8d0f3a";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiKeyService keys;

    @Inject
    MutableClock clock;

    private DatabaseCoordinates database;
    private Sql sql;
    private final List<String> secrets = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        this.database = database;
        sql = new Sql(database);
        properties.put("test.clock", "mutable");
        properties.put("datasources.default.maximum-pool-size", "10");
    }

    @BeforeAll
    void captureLogs() {
        logs.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @BeforeEach
    void resetClock() {
        clock.set(Instant.parse("2026-06-01T10:00:05Z"));
    }

    private CreatedApiKey create(List<String> scopes, int rateLimit) {
        CreatedApiKey created = keys.create("test key", scopes, rateLimit, null);
        secrets.add(created.key());
        secrets.add(created.stored().keyHash());
        return created;
    }

    @Test
    void aValidKeyWithTheScopeIsLetThroughWithRateLimitHeaders() {
        CreatedApiKey key = create(List.of(Scopes.MESSAGES_READ), 100);
        assertTrue(key.key().startsWith("wak_"));
        HttpResponse<Map> response = client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + key.key()), Map.class);
        assertEquals(200, response.code());
        assertEquals(key.stored().id(), response.body().get("keyId"));
        assertEquals("100", response.header("RateLimit-Limit"));
        assertEquals("99", response.header("RateLimit-Remaining"));
        assertEquals("55", response.header("RateLimit-Reset"));
        assertEquals("limit=100, remaining=99, reset=55", response.header("RateLimit"));
        // The scheme is case-insensitive.
        assertEquals(200, client.toBlocking().exchange(get("/v1/probe/messages", "bearer " + key.key()), Map.class).code());
    }

    @Test
    void aLegacyBcryptKeyWorksAndItsHashIsUpgradedOnFirstUse() {
        String bcrypt = BCrypt.withDefaults().hashToString(4, LEGACY_KEY.toCharArray());
        secrets.add(LEGACY_KEY);
        secrets.add(bcrypt);
        sql.execute("INSERT INTO api_keys (id, key_hash, hash_algorithm, name, permissions) VALUES "
                + "('legacy-1', '" + bcrypt + "', 'bcrypt', 'old gateway', '[\"messages:read\"]')");

        assertEquals(200, client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + LEGACY_KEY), Map.class).code());
        assertEquals("sha256", sql.queryValue("SELECT hash_algorithm FROM api_keys WHERE id = 'legacy-1'"));
        assertEquals(ApiKeyFormat.sha256Hex(LEGACY_KEY), sql.queryValue("SELECT key_hash FROM api_keys WHERE id = 'legacy-1'"));
        secrets.add(ApiKeyFormat.sha256Hex(LEGACY_KEY));

        HttpResponse<Map> again = client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + LEGACY_KEY), Map.class);
        assertEquals("legacy-1", again.body().get("keyId"), "found by its SHA-256 now");
        assertUnauthorized(get("/v1/probe/messages", "Bearer " + LEGACY_KEY + "x"));
    }

    @Test
    void everyKindOfBadKeyGetsTheSame401() {
        CreatedApiKey good = create(List.of(Scopes.ALL), 100);
        String id = good.key().substring(0, good.key().lastIndexOf('_') + 1);
        String wrongSecret = id + "A".repeat(43);
        String unknownId = "wak_01ARZ3NDEKTSV4RRFFQ69G5FAV_" + "B".repeat(43);
        CreatedApiKey expired = create(List.of(Scopes.ALL), 100);
        sql.execute("UPDATE api_keys SET expires_at = '2026-06-01T09:00:00Z' WHERE id = '" + expired.stored().id() + "'");
        CreatedApiKey revoked = create(List.of(Scopes.ALL), 100);
        assertTrue(keys.revoke(revoked.stored().id()));
        assertFalse(keys.revoke(revoked.stored().id()), "revoking twice changes nothing");

        List<String> bodies = new ArrayList<>();
        for (String authorization : List.of("Bearer " + wrongSecret, "Bearer " + unknownId, "Bearer " + expired.key(),
                "Bearer " + revoked.key(), "Basic " + good.key(), "Bearer", "Bearer  ", good.key(), "Bearer a b")) {
            bodies.add(assertUnauthorized(get("/v1/probe/messages", authorization)));
        }
        bodies.add(assertUnauthorized(HttpRequest.GET("/v1/probe/messages")));
        assertEquals(1, bodies.stream().map(b -> b.replaceAll("\"correlation_id\":\"[^\"]*\"", "")).distinct().count(),
                "the answer never tells which: " + bodies);
    }

    @Test
    void aKeyWithoutTheRoutesScopeGets403AndAnUnscopedRouteNeedsEveryScope() {
        CreatedApiKey sender = create(List.of(Scopes.MESSAGES_SEND, Scopes.CONTACTS_READ), 100);
        HttpClientResponseException forbidden = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + sender.key()), String.class));
        assertEquals(403, forbidden.code());
        assertTrue(forbidden.getResponse().getBody(String.class).orElseThrow().contains("urn:wa-gateway:problem:forbidden"));
        assertEquals(403, assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(get("/v1/probe/unscoped", "Bearer " + sender.key()), String.class)).code());

        CreatedApiKey admin = create(List.of(Scopes.ALL), 100);
        assertEquals(200, client.toBlocking().exchange(get("/v1/probe/unscoped", "Bearer " + admin.key()), Map.class).code());
        assertEquals(200, client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + admin.key()), Map.class).code());
    }

    @Test
    void aPathWithNoRouteIsNotFoundForAnyValidKeyAndStillNeedsOne() {
        CreatedApiKey sender = create(List.of(Scopes.MESSAGES_SEND), 100);
        HttpClientResponseException missing = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(get("/v1/probe/nothing-here", "Bearer " + sender.key()), String.class));
        assertEquals(404, missing.code());
        assertTrue(missing.getResponse().getBody(String.class).orElseThrow().contains("urn:wa-gateway:problem:not-found"));
        assertEquals(401, assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/v1/probe/nothing-here"), String.class)).code());
    }

    @Test
    void theLimitIsReachedThenFreeAgainInTheNextWindowAndLastUsedIsWrittenOncePerMinute() {
        CreatedApiKey key = create(List.of(Scopes.MESSAGES_READ), 3);
        String id = key.stored().id();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + key.key()), Map.class).code());
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals("2026-06-01 10:00:05+00", sql.queryValue("SELECT last_used_at FROM api_keys WHERE id = '" + id + "'"),
                "written on the first request of the minute only");

        HttpClientResponseException tooMany = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + key.key()), String.class));
        assertEquals(429, tooMany.code());
        assertEquals("40", tooMany.getResponse().header("Retry-After"));
        assertEquals("0", tooMany.getResponse().header("RateLimit-Remaining"));
        assertEquals("3;w=60", tooMany.getResponse().header("RateLimit-Policy"));
        assertTrue(tooMany.getResponse().getBody(String.class).orElseThrow().contains("urn:wa-gateway:problem:rate-limited"));

        clock.set(Instant.parse("2026-06-01T10:01:00Z"));
        assertEquals(200, client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + key.key()), Map.class).code());
        assertEquals("2026-06-01 10:01:00+00", sql.queryValue("SELECT last_used_at FROM api_keys WHERE id = '" + id + "'"));
    }

    @Test
    void oldCountersArePrunedWhenAKeyStartsANewMinute() {
        CreatedApiKey key = create(List.of(Scopes.MESSAGES_READ), 10);
        String id = key.stored().id();
        sql.execute("INSERT INTO api_key_usage VALUES ('" + id + "', '2026-06-01T09:00:00Z', 5), ('" + id + "', '2026-06-01T09:55:00Z', 5)");
        client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + key.key()), Map.class);
        assertEquals("2026-06-01 09:55:00+00,2026-06-01 10:00:00+00", sql.queryValue(
                "SELECT string_agg(window_start::text, ',' ORDER BY window_start) FROM api_key_usage WHERE api_key_id = '" + id + "'"));
    }

    @Test
    void fiftyConcurrentRequestsOfOneKeyAreCountedExactly() throws Exception {
        CreatedApiKey roomy = create(List.of(Scopes.MESSAGES_READ), 1000);
        CreatedApiKey tight = create(List.of(Scopes.MESSAGES_READ), 20);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            assertEquals(Map.of(200, 50L), statuses(pool, roomy.key(), 50));
            assertEquals("50", sql.queryValue("SELECT request_count FROM api_key_usage WHERE api_key_id = '" + roomy.stored().id() + "'"));
            assertEquals(Map.of(200, 20L, 429, 30L), statuses(pool, tight.key(), 50));
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<Integer, Long> statuses(ExecutorService pool, String key, int requests) throws Exception {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(() -> {
                try {
                    return client.toBlocking().exchange(get("/v1/probe/messages", "Bearer " + key), String.class).code();
                } catch (HttpClientResponseException e) {
                    return e.code();
                }
            });
        }
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        for (Future<Integer> result : pool.invokeAll(calls)) {
            counts.merge(result.get(), 1L, Long::sum);
        }
        return counts;
    }

    @AfterAll
    void noKeyOrHashInAnyLogLine() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        assertFalse(logs.list.isEmpty(), "refusals are logged (by key id)");
        assertTrue(secrets.size() >= 10);
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a log line holds a key or hash: " + line);
                assertFalse(line.contains(secret.substring(secret.length() - 20)), "a log line holds part of a secret: " + line);
            }
        }
    }

    private static MutableHttpRequest<?> get(String path, String authorization) {
        return HttpRequest.GET(path).header("Authorization", authorization);
    }

    private String assertUnauthorized(HttpRequest<?> request) {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertEquals(401, error.code());
        assertEquals("Bearer realm=\"wa-gateway\"", error.getResponse().header("WWW-Authenticate"));
        String body = error.getResponse().getBody(String.class).orElseThrow();
        assertTrue(body.contains("urn:wa-gateway:problem:unauthorized"), body);
        assertNotNull(error.getResponse().header("X-Correlation-Id"));
        return body;
    }
}
