package dev.wagateway.shared.problem;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database stopped (a closed port), with the shared defaults' timeouts: every /v1 route, whose API
 * key lookup is the first thing to fail, answers 503 service-unavailable with Retry-After within 2 s,
 * over HTTP and through the Lambda handler, with one WARN line and no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseDownAnswersTest {

    private static final long LIMIT_MILLIS = 2_000;
    private static final String KEY = "Bearer wak_01JAAAAAAAAAAAAAAAAAAAAAAA_secret";

    private EmbeddedServer server;
    private HttpClient client;
    private ApiGatewayHandler handler;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    void start() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/wagateway",
                "datasources.default.username", "nobody",
                "datasources.default.password", ""));
        client = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
        handler = new ApiGatewayHandler(server.getApplicationContext());
        // The client's and the server's first request (connections, classes) is not what is measured:
        // without a key the answer needs no database.
        assertEquals(401, assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/v1/probe/messages"), String.class)).getStatus().getCode());
        logs.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @AfterAll
    void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        client.close();
        server.close();
    }

    @BeforeEach
    void clearLogs() {
        logs.list.clear();
    }

    @Test
    void overHttp() {
        for (String path : List.of("/v1/probe/messages", "/v1/text-probe?q=x", "/v1/no-such-route")) {
            long started = System.nanoTime();
            HttpClientResponseException refused = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(HttpRequest.GET(path).header("Authorization", KEY), String.class));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, refused.getStatus().getCode(), path);
            assertTrue(millis < LIMIT_MILLIS, path + " took " + millis + " ms");
            assertEquals("5", refused.getResponse().header("Retry-After"), path);
            String body = refused.getResponse().getBody(String.class).orElseThrow();
            assertTrue(body.contains("urn:wa-gateway:problem:service-unavailable"), body);
            assertFalse(body.contains("127.0.0.1") || body.contains("SQL") || body.contains("Hikari"), body);
        }
        assertOneWarningPerRequest(3);
    }

    @Test
    void throughTheLambdaHandler() {
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(LambdaEvents.event("GET", "/v1/probe/messages", "", null,
                Map.of("Authorization", KEY)), LambdaEvents.context());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, response.getStatusCode(), LambdaEvents.body(response));
        assertTrue(millis < LIMIT_MILLIS, "took " + millis + " ms");
        assertEquals("5", LambdaEvents.header(response, "Retry-After"));
        assertTrue(LambdaEvents.body(response).contains("urn:wa-gateway:problem:service-unavailable"));
        assertOneWarningPerRequest(1);
    }

    private void assertOneWarningPerRequest(int requests) {
        List<ILoggingEvent> loud = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertEquals(requests, loud.size(), loud.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());
        for (ILoggingEvent event : loud) {
            assertEquals(Level.WARN, event.getLevel(), event.getFormattedMessage());
            assertNull(event.getThrowableProxy(), "no stack trace: " + event.getFormattedMessage());
            assertTrue(event.getFormattedMessage().contains("database unavailable"), event.getFormattedMessage());
        }
    }
}
