package dev.wagateway.coldstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Secrets Manager's {@code GetSecretValue} (its JSON protocol) on a loopback port: the functions read
 * their secrets at init as in AWS, through the real SDK client, which {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}
 * points here. The network round trip to the real service is not in the figures; the SDK's work is.
 */
final class FakeSecretsManager implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> secretsByArn;
    private final AtomicInteger reads = new AtomicInteger();

    /** {@code secretsByArn}: each ARN and its secret string (a JSON object). */
    FakeSecretsManager(Map<String, String> secretsByArn) {
        this.secretsByArn = Map.copyOf(secretsByArn);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** GetSecretValue calls answered so far. */
    int reads() {
        return reads.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String arn = secretsByArn.keySet().stream().filter(request::contains).findFirst().orElse(null);
            if (!"secretsmanager.GetSecretValue".equals(target) || arn == null) {
                send(exchange, 400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no such secret\"}");
                return;
            }
            reads.incrementAndGet();
            String escaped = secretsByArn.get(arn).replace("\\", "\\\\").replace("\"", "\\\"");
            send(exchange, 200, "{\"ARN\":\"" + arn + "\",\"Name\":\"bench\",\"SecretString\":\"" + escaped
                    + "\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7637936E9}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
