package dev.wagateway.dbmigrate.importer.source;

import dev.wagateway.locals3.LocalS3;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One bucket in S3Proxy (shared/local-s3) on loopback, for the import's tests: objects put through the SDK, and
 * clients that record every request they send ("METHOD /path", and its signed Authorization header), so a test can
 * say what the import asked S3 for.
 */
public final class S3ProxyBucket implements AutoCloseable {

    private final LocalS3 s3;
    private final String bucket;
    /** "METHOD /path" of every request the clients of {@link #client()} sent, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The Authorization header of each of them. */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    public S3ProxyBucket(String bucket) {
        this.bucket = bucket;
        this.s3 = LocalS3.startTemporary().bucket(bucket);
    }

    public S3ProxyBucket put(String key, Path file) throws IOException {
        return put(key, Files.readAllBytes(file));
    }

    public S3ProxyBucket put(String key, byte[] body) {
        try (S3Client client = s3.client()) {
            client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(body));
        }
        return this;
    }

    public String endpoint() {
        return s3.endpoint().toString();
    }

    /** A client as the import builds one (S3Clients: checksums only where required), pointed here with S3Proxy's credentials, recording requests. */
    public S3Client client() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(LocalS3.REGION)
                .credentialsProvider(LocalS3.credentials())
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        SdkHttpRequest request = context.httpRequest();
                        requests.add(request.method() + " " + request.encodedPath());
                        authorizations.add(request.firstMatchingHeader("Authorization").orElse("null"));
                    }
                }))
                .build();
    }

    /** Forgets the recorded requests. */
    public void forget() {
        requests.clear();
        authorizations.clear();
    }

    public long gets() {
        return requests.stream().filter(r -> r.startsWith("GET ")).count();
    }

    @Override
    public void close() {
        s3.close();
    }
}
