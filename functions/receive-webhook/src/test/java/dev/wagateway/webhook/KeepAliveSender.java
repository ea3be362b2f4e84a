package dev.wagateway.webhook;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The benchmark's lean load generator: one HTTP/1.1 keep-alive connection per sender, a POST written as
 * bytes and the answer read to its end (status line, headers, {@code Content-Length} body). The JDK's
 * HTTP client cost about 0.2 ms of CPU per request on the same two cores as the server under test;
 * Meta's senders cost the server nothing, so the generator should cost as little as it can.
 * Not a general client: it refuses answers without a {@code Content-Length}.
 */
final class KeepAliveSender implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] head;

    KeepAliveSender(URI uri) throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts the body with its signature header; answers the status code (the body is read and dropped). */
    int post(String signatureHeader, String signature, byte[] body) throws IOException {
        out.write(head);
        out.write((signatureHeader + ": " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("No Content-Length in the answer (" + status + ")");
        }
        in.skipNBytes(length);
        return code;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("The server closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
