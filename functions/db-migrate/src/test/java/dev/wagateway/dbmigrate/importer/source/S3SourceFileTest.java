package dev.wagateway.dbmigrate.importer.source;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3SourceFileTest {

    @TempDir
    Path downloads;

    // S3Proxy serves the real cases; FakeS3 only gives the faults S3Proxy cannot (an ETag that does not match the
    // bytes, a multipart ETag on a small object, AccessDenied to valid credentials).
    private static S3ProxyBucket s3;
    private FakeS3 faults;
    private S3Client client;
    private final byte[] body = new byte[3 * 1024 * 1024 + 17];

    @BeforeAll
    static void startS3Proxy() {
        s3 = new S3ProxyBucket("legacy-files");
    }

    @AfterAll
    static void stopS3Proxy() {
        s3.close();
    }

    @BeforeEach
    void start() throws IOException {
        new Random(8).nextBytes(body);
        s3.put("2026/old gateway+backup.db", body);
        s3.forget();
        client = s3.client();
        faults = new FakeS3("legacy-files");
        faults.put("2026/old gateway+backup.db", body);
    }

    @AfterEach
    void stop() {
        client.close();
        faults.close();
    }

    @Test
    void downloadsTheObjectByteForByteAndDeletesTheCopyOnClose() throws IOException {
        Path copy;
        try (SourceFile file = new S3SourceFile(client).download(S3Location.parse("s3://legacy-files/2026/old gateway+backup.db"), downloads)) {
            copy = file.path();
            assertArrayEquals(body, Files.readAllBytes(copy));
            assertEquals("s3://legacy-files/2026/old gateway+backup.db", file.name());
            assertEquals("old gateway+backup.db", copy.getFileName().toString());
            assertEquals(downloads, copy.getParent().getParent(), "a directory of its own under the download directory");
        }
        assertFalse(Files.exists(copy));
        assertEquals(List.of(), listing());
        assertEquals(List.of("GET /legacy-files/2026/old%20gateway%2Bbackup.db"), s3.requests);
        assertTrue(s3.authorizations.getFirst().startsWith("AWS4-HMAC-SHA256 Credential=" + dev.wagateway.locals3.LocalS3.ACCESS_KEY + "/"),
                s3.authorizations.getFirst());
    }

    @Test
    void aMultipartETagIsNotMistakenForAnMd5() throws IOException {
        faults.multipartETag("2026/old gateway+backup.db");
        try (S3Client faulty = faults.client(); SourceFile file = new S3SourceFile(faulty).download(new S3Location("legacy-files", "2026/old gateway+backup.db"), downloads)) {
            assertArrayEquals(body, Files.readAllBytes(file.path()));
        }
    }

    @Test
    void aDownloadThatDoesNotMatchItsETagIsRefusedAndRemoved() throws IOException {
        faults.wrongETag("2026/old gateway+backup.db");
        SourceUnavailableException e;
        try (S3Client faulty = faults.client()) {
            e = assertThrows(SourceUnavailableException.class,
                    () -> new S3SourceFile(faulty).download(new S3Location("legacy-files", "2026/old gateway+backup.db"), downloads));
        }
        assertTrue(e.getMessage().contains("does not match its ETag"), e.getMessage());
        assertEquals(List.of(), listing(), "nothing left behind");
    }

    @Test
    void aMissingKeyIsSaidPlainly() throws IOException {
        assertEquals("Cannot read s3://legacy-files/nope.db: the bucket has no object with that key (NoSuchKey)",
                refusal(new S3Location("legacy-files", "nope.db"), client));
        assertEquals(List.of(), listing());
    }

    @Test
    void aMissingBucketIsSaidPlainly() throws IOException {
        assertEquals("Cannot read s3://other-bucket/legacy.db: there is no bucket named other-bucket (NoSuchBucket)",
                refusal(new S3Location("other-bucket", "legacy.db"), client));
        assertEquals(List.of(), listing());
    }

    @Test
    void accessDeniedSaysWhichPermissionIsNeeded() throws IOException {
        faults.forbid("2026/old gateway+backup.db");
        String message;
        try (S3Client faulty = faults.client()) {
            message = refusal(new S3Location("legacy-files", "2026/old gateway+backup.db"), faulty);
        }
        assertTrue(message.startsWith("Cannot read s3://legacy-files/2026/old gateway+backup.db: access denied (AccessDenied)"), message);
        assertTrue(message.contains("s3:GetObject"), message);
        assertEquals(List.of(), listing());
    }

    @Test
    void noCredentialsIsSaidPlainlyAndNothingIsAsked() throws IOException {
        // A real provider chain that finds nothing, as the SDK's default chain does on a bare machine.
        ProfileFile empty = ProfileFile.builder().type(ProfileFile.Type.CREDENTIALS)
                .content(new ByteArrayInputStream(new byte[0])).build();
        try (S3Client anonymous = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(s3.endpoint()))
                .forcePathStyle(true)
                .region(dev.wagateway.locals3.LocalS3.REGION)
                .credentialsProvider(AwsCredentialsProviderChain.of(
                        ProfileCredentialsProvider.builder().profileFile(empty).profileName("import").build()))
                .build()) {
            String message = refusal(new S3Location("legacy-files", "2026/old gateway+backup.db"), anonymous);
            assertTrue(message.startsWith("Cannot read s3://legacy-files/2026/old gateway+backup.db: no AWS credentials found"), message);
        }
        assertEquals(List.of(), s3.requests);
        assertEquals(List.of(), listing());
    }

    @Test
    void urisAreReadAsTheAwsCliWritesThem() {
        assertEquals(new S3Location("b", "dir/sub dir/file.db"), S3Location.parse("s3://b/dir/sub dir/file.db"));
        assertEquals("s3://b/dir/sub dir/file.db", S3Location.parse("S3://b/dir/sub dir/file.db").toString());
        for (String bad : List.of("s3://", "s3://bucket", "s3://bucket/", "s3:///key")) {
            assertThrows(IllegalArgumentException.class, () -> S3Location.parse(bad), bad);
        }
        assertFalse(S3Location.isUri("/tmp/s3://x"));
    }

    private String refusal(S3Location location, S3Client with) {
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new S3SourceFile(with).download(location, downloads));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.toList();
        }
    }
}
