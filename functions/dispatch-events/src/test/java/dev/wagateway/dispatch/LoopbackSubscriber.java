package dev.wagateway.dispatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A real HTTP subscriber on a loopback port: keeps every request and answers as told. */
final class LoopbackSubscriber implements AutoCloseable {

    record Received(Map<String, List<String>> headers, String body, int answeredWith) {
        String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().getFirst();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile Function<Received, Integer> answer = request -> 200;
    private volatile long delayMillis;

    LoopbackSubscriber() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
        Received probe = new Received(headers, body, 0);
        int status = answer.apply(probe);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.add(new Received(headers, body, status));
        byte[] reply = ("{\"ok\":" + (status < 300) + "}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void answer(Function<Received, Integer> answer) {
        this.answer = answer;
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Requests it answered with a 2xx. */
    List<Received> accepted() {
        return received().stream().filter(r -> r.answeredWith() >= 200 && r.answeredWith() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
