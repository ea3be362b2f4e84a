package dev.wagateway.media;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * A short-lived link to a stored file ({@code GET /v1/media/{id}?redirect=false}).
 *
 * @param url       a presigned GET of the media bucket; needs no key
 * @param expiresAt when it stops working
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MediaLink(String url, Instant expiresAt) {
}
