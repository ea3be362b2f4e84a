package dev.wagateway.lambdaevents;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets Manager's {@code GetSecretValue} (its JSON protocol) on a loopback port, for tests and the
 * cold-start benchmark: the functions read their secrets as in AWS, through the real SDK client, which
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} (or {@code aws.secrets-manager.endpoint-override}) points here.
 * An unknown secret answers {@code ResourceNotFoundException}, as the service does.
 */
public final class FakeSecretsManager implements AutoCloseable {

    private static final Pattern SECRET_ID = Pattern.compile("\"SecretId\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpServer server;
    private final Map<String, String> secretsByArn;
    private final AtomicInteger reads = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** {@code secretsByArn}: each ARN and its secret string (a JSON object). */
    public FakeSecretsManager(Map<String, String> secretsByArn) {
        this.secretsByArn = Map.copyOf(secretsByArn);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** GetSecretValue calls answered so far. */
    public int reads() {
        return reads.get();
    }

    /** Every request so far: its {@code X-Amz-Target}, a space, its body. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            requests.add(target + " " + request);
            Matcher secretId = SECRET_ID.matcher(request);
            String arn = secretId.find() && secretsByArn.containsKey(secretId.group(1)) ? secretId.group(1) : null;
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
