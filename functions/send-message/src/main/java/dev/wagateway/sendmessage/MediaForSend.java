package dev.wagateway.sendmessage;

import dev.wagateway.shared.sending.OutgoingMedia;
import dev.wagateway.shared.sending.OutgoingMessage;

import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.media.MediaRepository;
import dev.wagateway.shared.media.MediaWriter;
import dev.wagateway.shared.mediastore.MediaStore;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A send that names our media id ({@code image: {"id": "media_..."}}): the file must be stored; Meta is given its
 * own copy's id, uploaded again from the bucket when Meta's is older than it keeps media (30 days; a day's margin).
 */
@Singleton
class MediaForSend implements OutgoingMedia {

    static final ProblemType MEDIA_NOT_STORED = new ProblemType("media-not-stored", HttpStatus.UNPROCESSABLE_ENTITY,
            "The media file named is not stored");
    /** Meta keeps an uploaded file 30 days; one uploaded longer ago than this is uploaded again. */
    static final Duration META_KEEPS = Duration.ofDays(29);

    private final MediaRepository media;
    private final MediaWriter writer;
    private final MediaStore store;
    private final GraphApiClient graph;

    MediaForSend(MediaRepository media, MediaWriter writer, MediaStore store, GraphApiClient graph) {
        this.media = media;
        this.writer = writer;
        this.store = store;
        this.graph = graph;
    }

    static boolean ours(Object id) {
        return id instanceof String s && dev.wagateway.shared.id.Ids.MEDIA.matches(s);
    }

    /** Refuses, before anything is written, a send naming our media id that is unknown or not stored. */
    @Override
    public void check(OutgoingMessage outgoing) {
        ourId(outgoing).ifPresent(this::stored);
    }

    /** The Graph API body, our media id replaced by Meta's (uploading the file again when Meta's copy is gone). */
    @Override
    public Map<String, Object> forMeta(OutgoingMessage outgoing) {
        Optional<String> id = ourId(outgoing);
        if (id.isEmpty()) {
            return outgoing.graphBody();
        }
        Media file = stored(id.get());
        String whatsappId = file.whatsappMediaId();
        boolean fresh = whatsappId != null && file.whatsappUploadedAt() != null
                && file.whatsappUploadedAt().isAfter(Instant.now().minus(META_KEEPS));
        if (!fresh) {
            whatsappId = upload(outgoing.phoneNumberId(), file);
        }
        Map<String, Object> body = new LinkedHashMap<>(outgoing.graphBody());
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = new LinkedHashMap<>((Map<String, Object>) body.get(outgoing.type()));
        typed.put("id", whatsappId);
        body.put(outgoing.type(), typed);
        return body;
    }

    private String upload(String phoneNumberId, Media file) {
        byte[] bytes;
        try (InputStream in = store.open(file.objectKey())) {
            bytes = in.readAllBytes();
        } catch (IOException | SdkException | MediaStore.MediaStoreNotConfiguredException e) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The media store is not answering; try again shortly.",
                    List.of(), Map.of("Retry-After", "5"));
        }
        String name = file.fileName() != null ? file.fileName() : file.mediaId();
        String whatsappId = graph.uploadMedia(phoneNumberId, file.mimeType() == null ? "application/octet-stream" : file.mimeType(),
                name, bytes);
        writer.whatsappUploaded(file.mediaId(), whatsappId, Instant.now());
        return whatsappId;
    }

    private Media stored(String id) {
        return media.findByMediaId(id).filter(m -> Media.STORED.equals(m.status()) && m.objectKey() != null)
                .orElseThrow(() -> new ProblemException(MEDIA_NOT_STORED, "No stored media " + id
                        + " (upload it with POST /v1/media, or wait for an inbound file's media.stored)."));
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> ourId(OutgoingMessage outgoing) {
        if (outgoing.graphBody().get(outgoing.type()) instanceof Map<?, ?> typed && ours(typed.get("id"))) {
            return Optional.of((String) typed.get("id"));
        }
        return Optional.empty();
    }
}
