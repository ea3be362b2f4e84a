package dev.wagateway.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The team's app, as far as the quickstart needs one: a receiver on a loopback port that prints
 * every delivery it gets (its id, type and signature headers, and the body) and answers 204. The
 * quickstart subscribes it, so what the gateway pushes shows up in the local run's own output.
 */
final class QuickstartReceiver implements AutoCloseable {

    static final String PATH = "/quickstart-receiver";

    /** One delivery as received. */
    record Received(String id, String type, String signature, String body) {
    }

    private final HttpServer server;
    private final PrintStream out;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    QuickstartReceiver(PrintStream out) throws IOException {
        this.out = out;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PATH, this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = header(exchange, "webhook-id");
        String signature = header(exchange, "webhook-signature");
        if (signature == null) {
            signature = header(exchange, "X-Hub-Signature-256");
        }
        String type = typeOf(body);
        received.add(new Received(id, type, signature, body));
        out.println("\n[quickstart receiver] " + type + " " + id + "  (webhook-timestamp " + header(exchange, "webhook-timestamp")
                + ", signature " + signature + ")\n  " + body);
        exchange.sendResponseHeaders(204, -1);
        try (OutputStream ignored = exchange.getResponseBody()) {
            // no body
        }
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The envelope's type, read without a JSON library: the receiver stands for any app. */
    private static String typeOf(String body) {
        int key = body.indexOf("\"type\":\"");
        if (key < 0) {
            return "?";
        }
        int start = key + "\"type\":\"".length();
        int end = body.indexOf('"', start);
        return end < 0 ? "?" : body.substring(start, end);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
