package dev.wagateway.shared.snapstart;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * For SnapStart priming of a client that calls out (Meta's Graph API, SQS): a server on loopback that answers every
 * request with one fixed body, as the real service would, so that the client's request and answer code runs inside
 * the snapshot without reaching the service. Closed before the snapshot; it uses the JDK's {@code jdk.httpserver}
 * module, so a runtime without it fails at {@link #start} with a {@link LinkageError}, which priming treats as
 * "not primed".
 */
public final class LoopbackAnswer implements AutoCloseable {

    private final HttpServer server;

    private LoopbackAnswer(HttpServer server) {
        this.server = server;
    }

    /** Starts the server on a free loopback port; every request is read whole and answered 200 with {@code body}. */
    public static LoopbackAnswer start(String contentType, byte[] body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return new LoopbackAnswer(server);
    }

    /** {@code http://host:port} of the server. */
    public URI base() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
