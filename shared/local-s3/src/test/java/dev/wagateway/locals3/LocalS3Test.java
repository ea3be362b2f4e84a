package dev.wagateway.locals3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalS3Test {

    private static LocalS3 s3;

    @BeforeAll
    static void start() {
        s3 = LocalS3.startTemporary().bucket("media");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void aStreamedPutIsReadBackByteForByteAndThroughAPresignedUrl() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024 + 5];
        new Random(3).nextBytes(body);
        try (S3Client client = s3.client(); S3Presigner presigner = s3.presigner()) {
            client.putObject(request -> request.bucket("media").key("a/b.bin").contentType("image/jpeg"),
                    RequestBody.fromInputStream(new ByteArrayInputStream(body), body.length));
            assertEquals(body.length, client.headObject(request -> request.bucket("media").key("a/b.bin")).contentLength());
            assertArrayEquals(body, client.getObjectAsBytes(request -> request.bucket("media").key("a/b.bin")).asByteArray());

            URI url = presigner.presignGetObject(request -> request.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get -> get.bucket("media").key("a/b.bin"))).url().toURI();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, fetched.statusCode());
            assertArrayEquals(body, fetched.body());

            // One hex digit of the signature changed (to another digit: a signature starting with 0 kept its 0 once).
            String signed = url.toString();
            int digit = signed.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
            String tampered = signed.substring(0, digit) + (signed.charAt(digit) == '0' ? '1' : '0') + signed.substring(digit + 1);
            HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, refused.statusCode());
        }
    }

    @Test
    void aMissingKeyIsS3sNoSuchKey() {
        try (S3Client client = s3.client()) {
            assertThrows(NoSuchKeyException.class, () -> client.getObjectAsBytes(request -> request.bucket("media").key("nope")));
        }
    }
}
