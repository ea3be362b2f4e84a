package dev.wagateway.dbmigrate.importer.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault server that answers like one S3 bucket on loopback, addressed path-style ({@code /bucket/key}):
 * GetObject and HeadObject, and S3's XML errors as S3 sends them. The import's tests use S3Proxy
 * ({@link S3ProxyBucket}) for everything it can serve; this one stays only for the faults S3Proxy cannot give:
 * an ETag that does not match the bytes (a damaged download), a multipart ETag on an object put whole, and
 * 403 AccessDenied to valid credentials (S3Proxy has no bucket policies).
 */
public final class FakeS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIDFAKEFAKEFAKE";
    public static final String SECRET_KEY = "fake-secret-key";
    public static final String REGION = "eu-west-1";

    private final String bucket;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    /** "METHOD /path" of every request, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The Authorization header of every request (a SigV4 signature proves credentials were used). */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public FakeS3(String bucket) throws IOException {
        this.bucket = bucket;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public FakeS3 put(String key, Path file) throws IOException {
        return put(key, Files.readAllBytes(file));
    }

    public FakeS3 put(String key, byte[] body) {
        objects.put(key, body);
        etags.put(key, md5(body));
        return this;
    }

    /** The object answers with the ETag of other bytes, as if it had been damaged on the way. */
    public FakeS3 wrongETag(String key) {
        etags.put(key, md5(new byte[] {1, 2, 3}));
        return this;
    }

    /** A multipart upload's ETag ("md5-of-parts-N"), which is no MD5 of the content. */
    public FakeS3 multipartETag(String key) {
        etags.put(key, md5(new byte[] {4}) + "-3");
        return this;
    }

    /** The caller may not read this key (403 AccessDenied). */
    public FakeS3 forbid(String key) {
        forbidden.add(key);
        return this;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A client as the import builds one, pointed here, with static test credentials. */
    public S3Client client() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(endpoint()))
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public long gets() {
        return requests.stream().filter(r -> r.startsWith("GET ")).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("x-amz-request-id", "FAKE" + requests.size());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (!head && !exchange.getRequestMethod().equals("GET")) {
                error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.", head);
                return;
            }
            String[] parts = path.substring(1).split("/", 2);
            String requestedBucket = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String key = parts.length < 2 ? "" : URLDecoder.decode(parts[1].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (!requestedBucket.equals(bucket)) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist", head);
            } else if (forbidden.contains(key)) {
                error(exchange, 403, "AccessDenied", "Access Denied", head);
            } else if (!objects.containsKey(key)) {
                error(exchange, 404, "NoSuchKey", "The specified key does not exist.", head);
            } else {
                byte[] body = objects.get(key);
                exchange.getResponseHeaders().add("ETag", "\"" + etags.get(key) + "\"");
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.getResponseHeaders().add("Last-Modified", "Fri, 20 Nov 2026 10:00:00 GMT");
                exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
                if (head) {
                    exchange.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message, boolean head) throws IOException {
        if (head) {
            // S3 answers HEAD errors with the status alone.
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>FAKE</RequestId><HostId>fake-host</HostId></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, xml.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(xml);
        }
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
