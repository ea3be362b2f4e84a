package dev.wagateway.locals3;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * S3 on a loopback port, for tests and the local run: S3Proxy over jclouds' filesystem blob store (one
 * directory per bucket under {@link #directory()}), signing checked (SigV4) like S3. Reached by the AWS
 * SDK's own {@link S3Client} and {@link S3Presigner}, path-style, so the code under test is the code
 * that runs in AWS. Never in a Lambda jar.
 *
 * <p>S3Proxy 2.6.0 does not take the SDK's default streaming checksum trailers
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}): the clients here, like the product's, compute
 * checksums only when an operation requires them.
 */
public final class LocalS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIDLOCALS3";
    public static final String SECRET_KEY = "local-s3-secret";
    public static final Region REGION = Region.US_EAST_1;

    private final Path directory;
    /** Made by {@link #startTemporary}: removed with everything in it on {@link #close}. */
    private final boolean temporary;
    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private LocalS3(Path directory, boolean temporary) throws Exception {
        this.directory = directory;
        this.temporary = temporary;
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
                .overrides(properties).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState())) {
                    throw new IllegalStateException("S3Proxy did not start");
                }
                Thread.sleep(2);
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Starts S3Proxy on a free loopback port, keeping its objects under {@code directory} (made when missing). */
    public static LocalS3 start(Path directory) {
        return start(directory, false);
    }

    private static LocalS3 start(Path directory, boolean temporary) {
        try {
            Files.createDirectories(directory);
            return new LocalS3(directory, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start: " + e, e);
        }
    }

    /**
     * Starts it over a new temporary directory, removed on {@link #close} (a test's objects, up to 100 MB of media,
     * were left behind in the temporary folder by every run).
     */
    public static LocalS3 startTemporary() {
        try {
            return start(Files.createTempDirectory("local-s3-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For example {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    /** Where the buckets are kept (one directory each). */
    public Path directory() {
        return directory;
    }

    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** A client as the product builds one, pointed here. The caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** A presigner pointed here, path-style. The caller closes it. */
    public S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    /** Makes {@code bucket} unless it is there already. */
    public LocalS3 bucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(request -> request.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // kept from an earlier run
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (!"BucketAlreadyExists".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
        return this;
    }

    @Override
    public void close() {
        // Jetty's threads are not daemons: a proxy left running keeps the JVM alive.
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping is best effort
        } finally {
            context.close();
            if (temporary) {
                removeDirectory();
            }
        }
    }

    private void removeDirectory() {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            // Deepest first: a directory is emptied before it is removed.
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + directory, e);
        }
    }
}
