package dev.wagateway.shared.mediastore;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.time.Duration;

/**
 * {@code media.storage.*}: the media bucket. In AWS only {@code bucket} is set (the region and the credentials
 * are the function's own); the tests and the local run point {@code endpoint} at S3Proxy on loopback, with its
 * static credentials.
 *
 * @param bucket          the media bucket ({@code MEDIA_STORAGE_BUCKET}); unset, every use answers 503 (the function still
 *                        starts: Lambda builds every singleton at init)
 * @param endpoint        an S3 endpoint other than AWS's (path-style), or null
 * @param region          the bucket's region; null: the function's ({@code AWS_REGION})
 * @param accessKeyId     static credentials, only with {@code endpoint}; null: the SDK's default chain
 * @param presignDuration how long a URL {@code GET /v1/media/{id}} answers stays valid
 * @param partSize        the part size of a multipart upload (when a file's size is unknown): the memory one upload holds
 */
@ConfigurationProperties("media.storage")
public record MediaStorageConfiguration(@Nullable String bucket,
                                        @Nullable URI endpoint,
                                        @Nullable String region,
                                        @Nullable String accessKeyId,
                                        @Nullable String secretAccessKey,
                                        @NotNull Duration presignDuration,
                                        long partSize) {
}
