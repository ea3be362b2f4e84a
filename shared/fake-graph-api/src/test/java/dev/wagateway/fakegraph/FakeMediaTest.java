package dev.wagateway.fakegraph;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeMediaTest {

    private final FakeGraphApi fake = new FakeGraphApi("token-1");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        fake.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> describe(String id) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/" + id))
                .header("Authorization", "Bearer token-1").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return json.readValue(answer.body(), Map.class);
    }

    private HttpResponse<byte[]> download(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aMediaIdDescribesItsFileAndTheUrlServesItOnlyWithTheToken() throws Exception {
        byte[] jpeg = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
        fake.media().add("2754859441498128", jpeg, "image/jpeg");
        Map<String, Object> described = describe("2754859441498128");
        assertEquals("whatsapp", described.get("messaging_product"));
        assertEquals("image/jpeg", described.get("mime_type"));
        assertEquals(String.valueOf(jpeg.length), described.get("file_size"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)), described.get("sha256"));
        assertEquals("2754859441498128", described.get("id"));
        String url = (String) described.get("url");

        assertEquals(401, download(url, null).statusCode());
        assertEquals(401, download(url, "another").statusCode());
        HttpResponse<byte[]> bytes = download(url, "token-1");
        assertEquals(200, bytes.statusCode());
        assertArrayEquals(jpeg, bytes.body());
        assertEquals("image/jpeg", bytes.headers().firstValue("Content-Type").orElseThrow());

        fake.media().expireUrls();
        assertEquals(404, download(url, "token-1").statusCode());
        String fresh = (String) describe("2754859441498128").get("url");
        assertNotEquals(url, fresh);
        assertEquals(200, download(fresh, "token-1").statusCode());
    }

    @Test
    void anUnknownIdIsMetasCode100AndAWrongSha256IsAnnouncedOnDemand() throws Exception {
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/999"))
                .header("Authorization", "Bearer token-1").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("\"code\":100") && unknown.body().contains("\"error_subcode\":33"), unknown.body());

        fake.media().addGenerated("77", 3_000_000, 5, "video/mp4");
        String sha = (String) describe("77").get("sha256");
        byte[] body = download((String) describe("77").get("url"), "token-1").body();
        assertEquals(3_000_000, body.length);
        assertEquals(sha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        fake.media().announceWrongSha256("77");
        assertEquals("0".repeat(64), describe("77").get("sha256"));
    }

    @Test
    void anUploadKeepsTheFileUnderANewId() throws Exception {
        byte[] pdf = new byte[] {'%', 'P', 'D', 'F', 0, (byte) 0xff, 13, 10, 45, 45};
        String boundary = "b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\napplication/pdf\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        body.write(pdf);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/106540352242922/media"))
                .header("Authorization", "Bearer token-1").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        String id = (String) json.readValue(answer.body(), Map.class).get("id");
        assertArrayEquals(pdf, fake.media().get(id).content().get().readAllBytes());
        assertEquals("application/pdf", fake.media().get(id).mimeType());
        assertEquals(1, fake.uploads().size());
    }
}
