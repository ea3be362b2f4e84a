package dev.wagateway.locals3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aTemporaryOneLeavesNothingBehindAndAGivenDirectoryIsKept(@TempDir Path kept)
            throws Exception {
        Path directory;
        try (LocalS3 temporary = LocalS3.startTemporary().bucket("media"); S3Client client = temporary.client()) {
            client.putObject(request -> request.bucket("media").key("x/y.bin"), RequestBody.fromBytes(new byte[] {1, 2, 3}));
            directory = temporary.directory();
            assertTrue(Files.exists(directory.resolve("media")));
        }
        assertFalse(Files.exists(directory), "the temporary directory is removed on close");

        try (LocalS3 given = LocalS3.start(kept.resolve("media-store")).bucket("media"); S3Client client = given.client()) {
            client.putObject(request -> request.bucket("media").key("k.bin"), RequestBody.fromBytes(new byte[] {4}));
        }
        try (LocalS3 again = LocalS3.start(kept.resolve("media-store")); S3Client client = again.client()) {
            assertArrayEquals(new byte[] {4}, client.getObjectAsBytes(request -> request.bucket("media").key("k.bin")).asByteArray(),
                    "a given directory keeps its objects across restarts (the local run's media)");
        }
    }

    @Test
    void aMissingKeyIsS3sNoSuchKey() {
        try (S3Client client = s3.client()) {
            assertThrows(NoSuchKeyException.class, () -> client.getObjectAsBytes(request -> request.bucket("media").key("nope")));
        }
    }
}
