package dev.wagateway.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No database at all (a closed port): the function still starts, and answers 503 with Retry-After within 2 s, never 200. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseDownTest {

    private ApplicationContext context;
    private ApiGatewayHandler handler;

    @BeforeAll
    void start() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> properties = new HashMap<>(Samples.credentials());
        properties.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/wagateway");
        properties.put("datasources.default.username", "nobody");
        properties.put("datasources.default.password", "");
        context = ApplicationContext.run(properties);
        handler = new ApiGatewayHandler(context);
        // The first request of a JVM (classes, JIT) is not what is measured; the handshake needs no database.
        theHandshakeNeedsNoDatabase();
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void aDeliveryIsAnsweredWithServiceUnavailable() {
        byte[] body = Samples.bytes("status-delivered");
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.postPlain(new String(body, StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "x-hub-signature-256", Samples.sign(body))), null);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, response.getStatusCode());
        assertTrue(millis < 2_000, "answered after " + millis + " ms");
        assertEquals("5", response.getHeaders().get("Retry-After"), response.getHeaders().toString());
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/problem+json"), response.getHeaders().toString());
        assertTrue(response.getBody().contains("urn:wa-gateway:problem:service-unavailable"), response.getBody());
        assertTrue(!response.getBody().contains("PSQLException") && !response.getBody().contains("127.0.0.1"),
                "no internals in the answer: " + response.getBody());
    }

    @Test
    void theHandshakeNeedsNoDatabase() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(WebhookEvents.get(Map.of("hub.mode", "subscribe",
                "hub.verify_token", Samples.VERIFY_TOKEN, "hub.challenge", "42")), null);
        assertEquals(200, response.getStatusCode());
    }
}
