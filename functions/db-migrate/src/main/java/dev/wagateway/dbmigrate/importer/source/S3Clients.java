package dev.wagateway.dbmigrate.importer.source;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client of the import: the SDK's usual credentials and region (environment, profile, Lambda
 * role), on the JDK's URL connection client. {@code AWS_ENDPOINT_URL_S3} (or the system property
 * {@code aws.endpointUrlS3}) points it at another S3-compatible endpoint, addressed path-style.
 */
public final class S3Clients {

    public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL_S3";
    public static final String ENDPOINT_PROPERTY = "aws.endpointUrlS3";

    private S3Clients() {
    }

    public static S3Client fromEnvironment() {
        return create(System.getenv(), System.getProperty(ENDPOINT_PROPERTY));
    }

    static S3Client create(Map<String, String> environment, String endpointProperty) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(1))
                        .build())
                // The bucket may live in another region than the one configured: follow S3's redirect.
                .crossRegionAccessEnabled(true)
                // The download is checked against its ETag (S3SourceFile); the SDK's own checksum mode header
                // (x-amz-checksum-mode) is refused by S3-compatible servers such as S3Proxy 2.6.0 (HTTP 501).
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .region(region());
        String endpoint = endpointProperty != null && !endpointProperty.isBlank() ? endpointProperty : environment.get(ENDPOINT_ENV);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.strip())).forcePathStyle(true);
        }
        return builder.build();
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            // With cross-region access any start works; a command line outside AWS often sets no region.
            return Region.US_EAST_1;
        }
    }
}
