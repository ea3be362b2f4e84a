package dev.wagateway.media;

import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.media.MediaRepository;
import dev.wagateway.shared.media.MediaWriter;
import dev.wagateway.shared.mediastore.MediaStore;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import dev.wagateway.shared.whatsapp.WhatsAppSettings;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The media API's work: serving a stored file, taking an upload (into the bucket, then to Meta), deleting. */
@Singleton
class MediaService {

    private static final Logger LOG = LoggerFactory.getLogger(MediaService.class);
    static final ProblemType NOT_STORED = new ProblemType("media-not-stored", io.micronaut.http.HttpStatus.CONFLICT,
            "The media file is not stored");
    static final ProblemType TYPE_NOT_SUPPORTED = new ProblemType("media-type-not-supported",
            io.micronaut.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE, "WhatsApp does not take this type of file");
    static final ProblemType TOO_LARGE = new ProblemType("media-too-large", io.micronaut.http.HttpStatus.REQUEST_ENTITY_TOO_LARGE,
            "The file is larger than WhatsApp takes for its type");

    /** Lambda takes 6 MB per request, and API Gateway's event carries a binary body as base64 (a third more). */
    static final int API_MAX_BYTES = 4 * 1024 * 1024;

    private final MediaRepository media;
    private final MediaWriter writer;
    private final MediaStore store;
    private final GraphApiClient graph;
    private final WhatsAppSettings whatsapp;

    MediaService(MediaRepository media, MediaWriter writer, MediaStore store, GraphApiClient graph, WhatsAppSettings whatsapp) {
        this.media = media;
        this.writer = writer;
        this.store = store;
        this.graph = graph;
        this.whatsapp = whatsapp;
    }

    Media find(String id) {
        return Optional.of(id).filter(dev.wagateway.shared.id.Ids.MEDIA::matches).flatMap(media::findByMediaId)
                .filter(m -> !Media.DELETED.equals(m.status()))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No media " + id + "."));
    }

    /** A presigned link and when it stops working. */
    record Link(URI url, Instant expiresAt) {
    }

    /** A short-lived link to the stored file. */
    Link link(String id) {
        Media found = find(id);
        if (!Media.STORED.equals(found.status()) || found.objectKey() == null) {
            throw new ProblemException(NOT_STORED, "Media " + id + " is " + found.status()
                    + (found.error() == null ? "" : ": " + found.error()) + ".");
        }
        Instant now = Instant.now();
        URI url = unavailableOnS3Failure(() -> store.presignGet(found.objectKey()));
        return new Link(url, now.plus(store.presignDuration()));
    }

    /** Stores an upload in the bucket, records it, and hands a copy to Meta (a send uploads again if that fails). */
    Media upload(byte[] body, @Nullable String contentType, @Nullable String fileName) {
        if (MultipartFile.is(contentType)) {
            // A form's upload: the file part brings its own type and name (a file_name in the query still wins).
            MultipartFile file = MultipartFile.of(body, contentType);
            if (MultipartFile.is(file.contentType())) {
                throw new ProblemException(TYPE_NOT_SUPPORTED, "The file part is itself multipart; send the file.");
            }
            return upload(file.bytes(), file.contentType(), fileName != null && !fileName.isBlank() ? fileName : file.fileName());
        }
        if (contentType == null || contentType.isBlank()) {
            throw new ProblemException(TYPE_NOT_SUPPORTED, "Say the file's type in Content-Type; WhatsApp takes " + MediaLimits.types() + ".");
        }
        MediaLimits.Kind kind = MediaLimits.of(contentType).orElseThrow(() -> new ProblemException(TYPE_NOT_SUPPORTED,
                contentType + " is not a type WhatsApp takes; it takes " + MediaLimits.types() + "."));
        if (body.length == 0) {
            throw ProblemException.invalidField("body", "must hold the file");
        }
        if (body.length > API_MAX_BYTES) {
            throw new ProblemException(TOO_LARGE, "An upload through this API is at most " + API_MAX_BYTES + " bytes (Lambda's"
                    + " request limit); this one has " + body.length + ".");
        }
        if (body.length > kind.maxBytes()) {
            throw new ProblemException(TOO_LARGE, "WhatsApp takes a " + kind.messageType() + " of at most " + kind.maxBytes()
                    + " bytes; this one has " + body.length + ".");
        }
        String name = fileName == null || fileName.isBlank() ? null : fileName.strip();
        String mediaId = MediaWriter.newId();
        String key = "upload/" + mediaId;
        String mimeType = contentType.strip();
        unavailableOnS3Failure(() -> {
            try {
                return store.put(key, new ByteArrayInputStream(body), OptionalLong.of(body.length), mimeType, name);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.uploaded(mediaId, key, mimeType, name, body.length, sha256(body));
        toMeta(mediaId, mimeType, name == null ? mediaId : name, body);
        return media.findByMediaId(mediaId).orElseThrow();
    }

    /** Deletes the file from the bucket, then marks the row deleted (the row stays: what was there is known). */
    void delete(String id) {
        Media found = find(id);
        if (found.objectKey() != null) {
            unavailableOnS3Failure(() -> {
                store.delete(found.objectKey());
                return null;
            });
        }
        writer.deleted(found.mediaId());
    }

    private void toMeta(String mediaId, String mimeType, String fileName, byte[] body) {
        try {
            String whatsappId = graph.uploadMedia(whatsapp.defaultPhoneNumberId(), mimeType, fileName, body);
            writer.whatsappUploaded(mediaId, whatsappId, Instant.now());
        } catch (RuntimeException e) {
            // Kept in the bucket all the same: a send by this id uploads it then.
            LOG.warn("Media {}: Meta did not take the upload now ({}); a send uploads it again", mediaId, e.getMessage());
        }
    }

    private static <T> T unavailableOnS3Failure(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException | java.io.UncheckedIOException | MediaStore.MediaStoreNotConfiguredException e) {
            LOG.warn("The media bucket did not answer: {}", e.toString());
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The media store is not answering; try again shortly.",
                    List.of(), Map.of("Retry-After", "5"));
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
