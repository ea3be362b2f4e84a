package dev.wagateway.media;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.locals3.LocalS3;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The media API over HTTP and as a Lambda event, against S3Proxy and the fake Graph API on loopback. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaApiTest implements FreshDatabase {

    private static final String BUCKET = "media-api-test";
    private static final String TOKEN = "media-api-token";

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService apiKeys;

    private Sql sql;
    private LocalS3 s3;
    private FakeGraphApi graph;
    private String writer;
    private String reader;
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        s3 = LocalS3.startTemporary().bucket(BUCKET);
        graph = new FakeGraphApi(TOKEN);
        properties.put("media.storage.bucket", BUCKET);
        properties.put("media.storage.endpoint", s3.endpoint().toString());
        properties.put("media.storage.access-key-id", LocalS3.ACCESS_KEY);
        properties.put("media.storage.secret-access-key", LocalS3.SECRET_KEY);
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.graph.base-url", graph.baseUrl());
        properties.put("whatsapp.phone-number-id", "106540352242922");
    }

    @BeforeAll
    void keys() {
        writer = "Bearer " + apiKeys.create("media writer", List.of(Scopes.MEDIA_WRITE, Scopes.MEDIA_READ), 100_000, null).key();
        reader = "Bearer " + apiKeys.create("media reader", List.of(Scopes.MEDIA_READ), 100_000, null).key();
    }

    @AfterAll
    void stop() {
        graph.close();
        s3.close();
    }

    Stream<Caller> callers() {
        return Stream.of(TwoWays.http(server), TwoWays.lambda(new ApiGatewayHandler(context)));
    }

    /** A stored inbound file, as the media job leaves it. */
    private String storedInbound(byte[] body, String mime) throws Exception {
        String mediaId = "media_01JDQ4Z8S4K1V5G7C2M9R3T" + String.format("%03d", ids.incrementAndGet()).replace('0', 'A');
        try (S3Client client = s3.client()) {
            client.putObject(r -> r.bucket(BUCKET).key("inbound/" + mediaId).contentType(mime), RequestBody.fromBytes(body));
        }
        sql.execute("INSERT INTO media (media_id, source, status, whatsapp_media_id, mime_type, file_size, sha256, object_key, stored_at) "
                + "VALUES ('" + mediaId + "', 'inbound', 'stored', '123', '" + mime + "', " + body.length + ", '"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "', 'inbound/" + mediaId + "', now())");
        return mediaId;
    }

    private byte[] follow(Reply redirect) throws Exception {
        assertEquals(302, redirect.status(), redirect.body());
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(URI.create(redirect.header("Location"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        return fetched.body();
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aStoredFileIsARedirectToAPresignedLinkThatServesItsBytes(Caller caller) throws Exception {
        byte[] body = "\u00ffJPEG bytes".getBytes(StandardCharsets.UTF_8);
        String id = storedInbound(body, "image/jpeg");
        Reply redirect = caller.call("GET", "/v1/media/" + id, Map.of("Authorization", reader), null);
        assertTrue(redirect.header("Location").contains("X-Amz-Signature="), redirect.header("Location"));
        assertArrayEquals(body, follow(redirect));

        Reply link = caller.call("GET", "/v1/media/" + id + "?redirect=false", Map.of("Authorization", reader), null);
        assertEquals(200, link.status(), link.body());
        assertTrue(String.valueOf(link.json().get("url")).contains("X-Amz-Signature="));
        assertTrue(link.json().get("expires_at") != null);

        Reply info = caller.call("GET", "/v1/media/" + id + "/info", Map.of("Authorization", reader), null);
        assertEquals(200, info.status());
        assertEquals("stored", info.json().get("status"));
        assertEquals(body.length, ((Number) info.json().get("file_size")).intValue());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aPendingOrFailedFileIsAConflictAndAnUnknownOneIsNotFound(Caller caller) {
        sql.execute("INSERT INTO media (media_id, source, status, whatsapp_media_id, error) VALUES "
                + "('media_01JDQ4Z8S4K1V5G7C2M9R3PEN" + (caller.toString().equals("HTTP") ? "H" : "M") + "', 'inbound', 'failed', '9', 'sha256 mismatch')");
        Reply failed = caller.call("GET", "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3PEN" + (caller.toString().equals("HTTP") ? "H" : "M"),
                Map.of("Authorization", reader), null);
        assertEquals(409, failed.status());
        assertEquals("urn:wa-gateway:problem:media-not-stored", failed.json().get("type"));
        assertTrue(String.valueOf(failed.json().get("detail")).contains("sha256 mismatch"));
        assertEquals(404, caller.call("GET", "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6ZZ", Map.of("Authorization", reader), null).status());
        assertEquals(404, caller.call("GET", "/v1/media/msg_1", Map.of("Authorization", reader), null).status());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void anUploadIsStoredHandedToMetaAndServedLikeAnyFile(Caller caller) throws Exception {
        String file = "PNG-ish bytes of " + caller;
        int uploadsBefore = graph.uploads().size();
        Reply created = caller.call("POST", "/v1/media?file_name=photo.png",
                Map.of("Authorization", writer, "Content-Type", "image/png"), file);
        assertEquals(201, created.status(), created.body());
        String id = (String) created.json().get("id");
        assertEquals("/v1/media/" + id, created.header("Location"));
        assertEquals("stored", created.json().get("status"));
        assertEquals("upload", created.json().get("source"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.getBytes(StandardCharsets.UTF_8))),
                created.json().get("sha256"));
        assertEquals(uploadsBefore + 1, graph.uploads().size());
        String whatsappId = (String) created.json().get("whatsapp_media_id");
        assertArrayEquals(file.getBytes(StandardCharsets.UTF_8), graph.media().get(whatsappId).content().get().readAllBytes());
        assertArrayEquals(file.getBytes(StandardCharsets.UTF_8), follow(caller.call("GET", "/v1/media/" + id, Map.of("Authorization", reader), null)));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aMultipartFormUploadStoresItsFilePartWithThePartsTypeAndName(Caller caller) throws Exception {
        // The content holds a CRLF and a dash line of its own: only the boundary ends the part.
        String content = "PNG\r\n--not-the-boundary\r\nbytes of " + caller;
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nignored\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.png\"\r\nContent-Type: image/png\r\n\r\n"
                + content + "\r\n--XyZ--\r\n";
        Reply created = caller.call("POST", "/v1/media",
                Map.of("Authorization", writer, "Content-Type", "multipart/form-data; boundary=XyZ"), body);
        assertEquals(201, created.status(), created.body());
        assertEquals("image/png", created.json().get("mime_type"));
        assertEquals("form.png", created.json().get("file_name"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8))),
                created.json().get("sha256"));
        assertArrayEquals(content.getBytes(StandardCharsets.UTF_8),
                follow(caller.call("GET", "/v1/media/" + created.json().get("id"), Map.of("Authorization", reader), null)));

        String count = sql.queryValue("SELECT count(*) FROM media");
        Reply cut = caller.call("POST", "/v1/media", Map.of("Authorization", writer, "Content-Type", "multipart/form-data; boundary=XyZ"),
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nno end");
        assertEquals(400, cut.status(), cut.body());
        Reply noBoundary = caller.call("POST", "/v1/media", Map.of("Authorization", writer, "Content-Type", "multipart/form-data"), "x");
        assertEquals(400, noBoundary.status(), noBoundary.body());
        assertEquals(count, sql.queryValue("SELECT count(*) FROM media"), "nothing kept of a body that is not a whole form");
    }

    @ParameterizedTest
    @MethodSource("callers")
    void uploadsWhatsAppWouldNotTakeAreRefusedBeforeAnythingIsKept(Caller caller) {
        String count = sql.queryValue("SELECT count(*) FROM media");
        Reply unsupported = caller.call("POST", "/v1/media", Map.of("Authorization", writer, "Content-Type", "image/gif"), "GIF89a");
        assertEquals(415, unsupported.status());
        assertEquals("urn:wa-gateway:problem:media-type-not-supported", unsupported.json().get("type"));
        Reply sticker = caller.call("POST", "/v1/media", Map.of("Authorization", writer, "Content-Type", "image/webp"),
                "x".repeat(500 * 1024 + 1));
        assertEquals(413, sticker.status());
        assertEquals("urn:wa-gateway:problem:media-too-large", sticker.json().get("type"));
        Reply forbidden = caller.call("POST", "/v1/media", Map.of("Authorization", reader, "Content-Type", "image/png"), "png");
        assertEquals(403, forbidden.status());
        assertEquals(count, sql.queryValue("SELECT count(*) FROM media"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void deletingAFileRemovesItFromTheBucketAndTheApi(Caller caller) throws Exception {
        String id = storedInbound("to be deleted".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertEquals(204, caller.call("DELETE", "/v1/media/" + id, Map.of("Authorization", writer), null).status());
        assertEquals(404, caller.call("GET", "/v1/media/" + id, Map.of("Authorization", reader), null).status());
        assertEquals(404, caller.call("DELETE", "/v1/media/" + id, Map.of("Authorization", writer), null).status());
        assertEquals("deleted", sql.queryValue("SELECT status FROM media WHERE media_id = '" + id + "'"));
        try (S3Client client = s3.client()) {
            assertEquals(0, client.listObjectsV2(r -> r.bucket(BUCKET).prefix("inbound/" + id)).keyCount());
        }
    }
}
