package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every media type from a signed webhook to the bytes fetched through {@code GET /v1/media/{id}}, as the local
 * run serves it: receive-webhook stores the message (its media pending), the dispatcher forwards the event to the
 * media consumer's queue (ElasticMQ), the media job streams the file from the fake Graph API into S3Proxy, and the
 * media API redirects to a presigned link; the sha256 is checked on the bytes fetched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaEndToEndTest {

    @TempDir
    static Path home;

    private LocalServer server;
    private Calls calls;
    private FakeGraphApi graph;
    private final JsonMapper json = JsonMapper.createDefault();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws IOException {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        server = LocalServer.start(new LocalServer.Options(database, Calls.freePort(), false, home.resolve("local-api-key")));
        calls = new Calls(server.url());
        graph = server.fakeGraphApi().orElseThrow();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String webhook(String wamid, String type, String object) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + LocalServer.FAKE_BUSINESS_ACCOUNT_ID
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + LocalServer.FAKE_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Sheena Nelson\"},"
                + "\"wa_id\":\"16505551234\"}],\"messages\":[{\"from\":\"16505551234\",\"timestamp\":\"1763793600\",\"id\":\"" + wamid
                + "\",\"type\":\"" + type + "\",\"" + type + "\":" + object + "}]},\"field\":\"messages\"}]}]}";
    }

    @Test
    void everyMediaTypeGoesFromASignedWebhookToBytesServedByTheMediaApi() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"image", "image/jpeg", ""},
                new String[] {"document", "application/pdf", ",\"filename\":\"invoice.pdf\""},
                new String[] {"audio", "audio/ogg; codecs=opus", ",\"voice\":true"},
                new String[] {"video", "video/mp4", ""},
                new String[] {"sticker", "image/webp", ",\"animated\":false"});
        int n = 0;
        for (String[] c : cases) {
            byte[] body = new byte[40_000 + n];
            new Random(n).nextBytes(body);
            String metaId = "77" + n;
            graph.media().add(metaId, body, c[1]);
            String sha = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
            String delivery = webhook("wamid.E2E-MEDIA-" + n, c[0], "{\"mime_type\":\"" + c[1] + "\",\"sha256\":\"" + sha
                    + "\",\"id\":\"" + metaId + "\"" + c[2] + "}");
            assertEquals(200, calls.post("/webhooks/whatsapp", delivery,
                    Map.of("X-Hub-Signature-256", Calls.sign(delivery, server.appSecret()))).statusCode());
            n++;
        }
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Object> media = awaitStored("wamid.E2E-MEDIA-" + i);
            assertEquals(cases.get(i)[1], media.get("mime_type"));
            HttpResponse<String> redirect = calls.call("GET", "/v1/media/" + media.get("id"), server.apiKey(), null);
            assertEquals(302, redirect.statusCode(), redirect.body());
            byte[] fetched = http.send(HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            byte[] original = graph.media().get("77" + i).content().get().readAllBytes();
            assertArrayEquals(original, fetched, cases.get(i)[0]);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fetched)));
        }
    }

    /** The message's media once the media job has stored it (within 30 s), as GET /v1/messages shows it. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitStored(String wamid) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Map<String, Object> media = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> page = calls.call("GET", "/v1/messages?wamid=" + wamid, server.apiKey(), null);
            assertEquals(200, page.statusCode(), page.body());
            List<Map<String, Object>> items = (List<Map<String, Object>>) json.readValue(page.body(),
                    Argument.mapOf(String.class, Object.class)).get("items");
            if (!items.isEmpty() && items.getFirst().get("media") instanceof List<?> list && !list.isEmpty()) {
                media = (Map<String, Object>) list.getFirst();
                if ("stored".equals(media.get("status"))) {
                    return media;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(wamid + ": media not stored in 30 s: " + media);
    }
}
