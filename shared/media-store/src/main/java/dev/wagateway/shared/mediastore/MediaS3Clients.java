package dev.wagateway.shared.mediastore;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 client and presigner of the media bucket, on the SDK's URL connection client (no Netty, no Apache
 * client in the jars). Checksums only where an operation requires one: streamed puts then carry a plain
 * Content-Length body (no aws-chunked trailer), which S3 and S3Proxy both take; the media job checks the
 * sha256 of every file itself.
 */
@Factory
public class MediaS3Clients {

    @Singleton
    @Bean(preDestroy = "close")
    S3Client mediaS3Client(MediaStorageConfiguration settings) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(region(settings))
                .credentialsProvider(credentials(settings))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Presigner mediaS3Presigner(MediaStorageConfiguration settings) {
        var builder = S3Presigner.builder().region(region(settings)).credentialsProvider(credentials(settings));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }

    private static Region region(MediaStorageConfiguration settings) {
        if (settings.region() != null && !settings.region().isBlank()) {
            return Region.of(settings.region());
        }
        if (settings.endpoint() != null) {
            return Region.US_EAST_1;
        }
        // Lambda sets AWS_REGION; a test or a tool without one still starts (a use then fails as S3 answers).
        String region = System.getenv("AWS_REGION") != null ? System.getenv("AWS_REGION") : System.getProperty("aws.region");
        return region == null || region.isBlank() ? Region.US_EAST_1 : Region.of(region.strip());
    }

    private static AwsCredentialsProvider credentials(MediaStorageConfiguration settings) {
        if (settings.endpoint() != null && settings.accessKeyId() != null && settings.secretAccessKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
