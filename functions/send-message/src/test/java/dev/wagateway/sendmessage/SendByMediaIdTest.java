package dev.wagateway.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.locals3.LocalS3;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A send naming our media id: Meta's copy used while fresh, uploaded again from the bucket once Meta's is gone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendByMediaIdTest {

    private static final String BUCKET = "send-media";
    private static final String MEDIA_ID = "media_01JDQ4Z8S4K1V5G7C2M9R3T6WX";
    /** Named in headers; Meta's copy is fresh, so the bucket is not read. */
    private static final String HEADER_ID = "media_01JDQ4Z8S4K1V5G7C2M9R3T6XY";

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private LocalS3 s3;
    private ApplicationContext context;
    private ApiGatewayHandler handler;
    private Sql sql;
    private String key;
    private final byte[] file = "a PNG, as far as this test cares".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    void start() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        sql = new Sql(database);
        s3 = LocalS3.startTemporary().bucket(BUCKET);
        try (S3Client client = s3.client()) {
            client.putObject(r -> r.bucket(BUCKET).key("upload/" + MEDIA_ID).contentType("image/png"), RequestBody.fromBytes(file));
        }
        Map<String, Object> properties = new HashMap<>(SendTestSupport.properties(database, fake));
        properties.put("whatsapp.graph.read-timeout", "5s");
        properties.put("media.storage.bucket", BUCKET);
        properties.put("media.storage.endpoint", s3.endpoint().toString());
        properties.put("media.storage.access-key-id", LocalS3.ACCESS_KEY);
        properties.put("media.storage.secret-access-key", LocalS3.SECRET_KEY);
        context = ApplicationContext.run(properties);
        handler = new ApiGatewayHandler(context);
        key = context.getBean(ApiKeyService.class).create("media sends", List.of(Scopes.MESSAGES_SEND), 1000, null).key();
    }

    @AfterAll
    void stop() {
        handler.close();
        fake.close();
        s3.close();
    }

    private APIGatewayV2HTTPResponse send(String mediaId) {
        String body = "{\"to\":\"+16505551234\",\"type\":\"image\",\"image\":{\"id\":\"" + mediaId + "\",\"caption\":\"your receipt\"}}";
        return handler.handleRequest(LambdaEvents.event("POST", "/v1/messages", "", body,
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json")), LambdaEvents.context());
    }

    @SuppressWarnings("unchecked")
    private String sentMediaId() {
        Map<String, Object> image = (Map<String, Object>) fake.sends().getLast().json().get("image");
        return (String) image.get("id");
    }

    @Test
    void metasFreshCopyIsNamedAndAnExpiredOneIsUploadedAgainFromTheBucket() throws Exception {
        sql.execute("INSERT INTO media (media_id, source, status, mime_type, file_name, file_size, sha256, object_key, stored_at, "
                + "whatsapp_media_id, whatsapp_uploaded_at) VALUES ('" + MEDIA_ID + "', 'upload', 'stored', 'image/png', 'r.png', "
                + file.length + ", 'x', 'upload/" + MEDIA_ID + "', now(), '1234567', now() - interval '2 days')");
        APIGatewayV2HTTPResponse fresh = send(MEDIA_ID);
        assertEquals(202, fresh.getStatusCode(), fresh.getBody());
        assertEquals("1234567", sentMediaId());
        assertEquals(0, fake.uploads().size());

        sql.execute("UPDATE media SET whatsapp_uploaded_at = now() - interval '31 days' WHERE media_id = '" + MEDIA_ID + "'");
        APIGatewayV2HTTPResponse stale = send(MEDIA_ID);
        assertEquals(202, stale.getStatusCode(), stale.getBody());
        assertEquals(1, fake.uploads().size(), "Meta's copy had expired: uploaded again");
        String uploaded = sentMediaId();
        assertArrayEquals(file, fake.media().get(uploaded).content().get().readAllBytes());
        assertEquals(uploaded, sql.queryValue("SELECT whatsapp_media_id FROM media WHERE media_id = '" + MEDIA_ID + "'"));
        assertEquals("t", sql.queryValue("SELECT whatsapp_uploaded_at > now() - interval '1 minute' FROM media WHERE media_id = '"
                + MEDIA_ID + "'"));
    }

    private APIGatewayV2HTTPResponse sendBody(String body) {
        return handler.handleRequest(LambdaEvents.event("POST", "/v1/messages", "", body,
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json")), LambdaEvents.context());
    }

    private static String templateWithHeader(String mediaId) {
        return "{\"to\":\"+16505551234\",\"type\":\"template\",\"template\":{\"name\":\"receipt_ready\","
                + "\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":\"header\",\"parameters\":"
                + "[{\"type\":\"image\",\"image\":{\"id\":\"" + mediaId + "\"}}]}]}}";
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTemplatesAndAnInteractiveMessagesHeaderMayNameOurMediaIdAsAPlainMediaSendDoes() {
        sql.execute("INSERT INTO media (media_id, source, status, mime_type, file_name, file_size, sha256, object_key, stored_at, "
                + "whatsapp_media_id, whatsapp_uploaded_at) VALUES ('" + HEADER_ID + "', 'upload', 'stored', 'image/png', 'r.png', "
                + file.length + ", 'x', 'upload/" + HEADER_ID + "', now(), '7654321', now() - interval '1 day')");
        sql.execute("INSERT INTO templates (id, name, language, category, status, content, body_parameter_count) VALUES "
                + "('tmpl_receipt', 'receipt_ready', 'en_US', 'UTILITY', 'APPROVED', 'Your receipt', 0) ON CONFLICT DO NOTHING");
        APIGatewayV2HTTPResponse template = sendBody(templateWithHeader(HEADER_ID));
        assertEquals(202, template.getStatusCode(), template.getBody());
        Map<String, Object> sent = (Map<String, Object>) fake.sends().getLast().json().get("template");
        Map<String, Object> header = (Map<String, Object>) ((List<Object>) sent.get("components")).getFirst();
        Map<String, Object> parameter = (Map<String, Object>) ((List<Object>) header.get("parameters")).getFirst();
        assertEquals(Map.of("id", "7654321"), parameter.get("image"), "Meta is given its own copy's id");

        APIGatewayV2HTTPResponse interactive = sendBody("{\"to\":\"+16505551234\",\"type\":\"interactive\",\"interactive\":"
                + "{\"type\":\"button\",\"header\":{\"type\":\"image\",\"image\":{\"id\":\"" + HEADER_ID + "\"}},"
                + "\"body\":{\"text\":\"Keep it?\"},\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":"
                + "{\"id\":\"keep\",\"title\":\"Keep\"}}]}}}");
        assertEquals(202, interactive.getStatusCode(), interactive.getBody());
        Map<String, Object> sentInteractive = (Map<String, Object>) fake.sends().getLast().json().get("interactive");
        assertEquals(Map.of("type", "image", "image", Map.of("id", "7654321")), sentInteractive.get("header"));

        String messages = sql.queryValue("SELECT count(*) FROM messages");
        int sends = fake.sends().size();
        APIGatewayV2HTTPResponse missing = sendBody(templateWithHeader("media_01JDQ4Z8S4K1V5G7C2M9R3T6ZZ"));
        assertEquals(422, missing.getStatusCode(), missing.getBody());
        assertTrue(missing.getBody().contains("urn:wa-gateway:problem:media-not-stored"), missing.getBody());
        assertEquals(messages, sql.queryValue("SELECT count(*) FROM messages"));
        assertEquals(sends, fake.sends().size());
    }

    @Test
    void aMediaIdThatIsNotStoredIsRefusedBeforeAnythingIsWritten() {
        String messages = sql.queryValue("SELECT count(*) FROM messages");
        int sends = fake.sends().size();
        APIGatewayV2HTTPResponse refused = send("media_01JDQ4Z8S4K1V5G7C2M9R3T6ZZ");
        assertEquals(422, refused.getStatusCode(), refused.getBody());
        assertTrue(refused.getBody().contains("urn:wa-gateway:problem:media-not-stored"), refused.getBody());
        assertEquals(messages, sql.queryValue("SELECT count(*) FROM messages"));
        assertEquals(sends, fake.sends().size());
    }
}
