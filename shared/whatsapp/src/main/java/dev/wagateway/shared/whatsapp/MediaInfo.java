package dev.wagateway.shared.whatsapp;

import io.micronaut.core.annotation.Nullable;

/**
 * What {@code GET /{media-id}} answers: where to download the file (for about 5 minutes, with the token)
 * and what Meta says it is.
 *
 * @param sha256   hex, as Meta gives it here (the webhook gives base64)
 * @param fileSize bytes; Meta documents it as a string, some answers carry a number: both are read
 */
public record MediaInfo(String id, String url, @Nullable String mimeType, @Nullable String sha256, @Nullable Long fileSize) {
}
