package dev.wagateway.shared.datasource;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Just enough of PostgreSQL's wire protocol on a loopback port to see what a client sends when it logs in:
 * it answers an SSLRequest (with TLS when given a context), asks for a cleartext password, records it and
 * refuses the login. One connection, then it stops.
 */
final class FakePostgresServer implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;

    private final ServerSocket server;
    private final SSLContext tls;
    private final CompletableFuture<String> password = new CompletableFuture<>();
    private final Thread thread;

    /** @param tls the server's certificate, or null to refuse TLS */
    FakePostgresServer(SSLContext tls) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.tls = tls;
        this.thread = Thread.ofVirtual().start(this::serveOne);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The password the client sent, once it has. */
    String password() throws Exception {
        return password.get(20, TimeUnit.SECONDS);
    }

    private void serveOne() {
        try (Socket accepted = server.accept()) {
            accepted.setSoTimeout(20_000);
            Socket socket = accepted;
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            int code = in.readInt();
            if (code == SSL_REQUEST) {
                if (tls == null) {
                    socket.getOutputStream().write('N');
                    socket.getOutputStream().flush();
                } else {
                    socket.getOutputStream().write('S');
                    socket.getOutputStream().flush();
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory()
                            .createSocket(accepted, accepted.getInetAddress().getHostAddress(), accepted.getPort(), false);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    socket = secure;
                    in = new DataInputStream(socket.getInputStream());
                }
                length = in.readInt();
                in.readInt();
            }
            in.readNBytes(length - 8); // the startup parameters
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeByte('R');
            out.writeInt(8);
            out.writeInt(3); // AuthenticationCleartextPassword
            out.flush();
            if (in.readByte() != 'p') {
                throw new IOException("expected a password message");
            }
            byte[] message = in.readNBytes(in.readInt() - 4);
            password.complete(new String(message, 0, message.length - 1, StandardCharsets.UTF_8));
            byte[] error = "SFATAL\0C28P01\0Mpassword authentication failed\0\0".getBytes(StandardCharsets.UTF_8);
            out.writeByte('E');
            out.writeInt(4 + error.length);
            out.write(error);
            out.flush();
        } catch (IOException | RuntimeException e) {
            password.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
