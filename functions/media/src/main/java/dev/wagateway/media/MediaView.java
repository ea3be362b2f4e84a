package dev.wagateway.media;

import dev.wagateway.shared.media.Media;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * A media file as the API shows it.
 *
 * @param id              {@code media_...}
 * @param status          pending (the media job has not fetched it yet), stored, failed or deleted
 * @param source          inbound (a customer sent it), upload (POST /v1/media) or legacy (the old gateway's)
 * @param messageId       the message it came with, when it came with one
 * @param whatsappMediaId Meta's media id (inbound: the webhook's; upload: Meta's copy, which a send names)
 * @param sha256          hex sha256 of the stored bytes
 * @param error           why it failed, when it did
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MediaView(String id, String status, String source, @Nullable String messageId, @Nullable String mimeType,
                        @Nullable Long fileSize, @Nullable String fileName, @Nullable String sha256,
                        @Nullable String whatsappMediaId, @Nullable String error, @Nullable Instant createdAt,
                        @Nullable Instant storedAt) {

    static MediaView of(Media media) {
        return new MediaView(media.mediaId(), media.status(), media.source(), media.messageId(), media.mimeType(), media.fileSize(),
                media.fileName(), media.sha256(), media.whatsappMediaId(), media.error(), media.createdAt(), media.storedAt());
    }
}
