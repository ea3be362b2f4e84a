package dev.wagateway.shared.media;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One media file the gateway keeps (its bytes in the media bucket under {@code objectKey}); the legacy
 * {@code data} column is not read here (blobs stay out of every read but the legacy move's).
 *
 * @param id              the row's key (legacy rows keep theirs)
 * @param mediaId         the API's id ({@code media_...}); null for a legacy row not moved yet
 * @param source          {@code inbound} (a customer sent it), {@code upload} (POST /v1/media) or {@code legacy}
 * @param status          {@code pending}, {@code stored}, {@code failed} or {@code deleted}
 * @param whatsappMediaId Meta's media id (inbound: the webhook's; upload: what Meta answered)
 * @param sha256          hex sha256 of the stored bytes
 * @param announcedSha256 what Meta announced (the webhook's base64, or GET /{media-id}'s hex)
 */
@MappedEntity("media")
public record Media(@Id Long id,
                    @Nullable String mediaId,
                    @Nullable String messageId,
                    String source,
                    String status,
                    @Nullable String whatsappMediaId,
                    @Nullable String mimeType,
                    @Nullable String fileName,
                    @Nullable Long fileSize,
                    @Nullable String sha256,
                    @Nullable String announcedSha256,
                    @Nullable String storagePath,
                    @Nullable String objectKey,
                    @Nullable String phoneNumberId,
                    int attempts,
                    @Nullable Instant nextAttemptAt,
                    @Nullable String error,
                    @Nullable Instant storedAt,
                    @Nullable Instant whatsappUploadedAt,
                    @Nullable Instant deletedAt,
                    @Nullable Instant createdAt) {

    public static final String PENDING = "pending";
    public static final String STORED = "stored";
    public static final String FAILED = "failed";
    public static final String DELETED = "deleted";

    /** The message types whose message object names a media id. */
    public static final java.util.Set<String> MESSAGE_TYPES = java.util.Set.of("image", "document", "audio", "video", "sticker");
}
