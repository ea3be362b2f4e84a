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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A send that names our media id ({@code image: {"id": "media_..."}}, or in a template's or interactive message's
 * header): the file must be stored; Meta is given its own copy's id, uploaded again from the bucket when Meta's is older than it keeps media (30 days; a day's margin).
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
        ourMedia(outgoing.graphBody(), outgoing.type()).forEach(named -> stored((String) named.get("id")));
    }

    /** The Graph API body, each of our media ids replaced by Meta's (uploading the file again when Meta's copy is gone). */
    @Override
    public Map<String, Object> forMeta(OutgoingMessage outgoing) {
        if (ourMedia(outgoing.graphBody(), outgoing.type()).isEmpty()) {
            return outgoing.graphBody();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) copy(outgoing.graphBody());
        Map<String, String> resolved = new HashMap<>();
        for (Map<String, Object> named : ourMedia(body, outgoing.type())) {
            named.put("id", resolved.computeIfAbsent((String) named.get("id"), id -> whatsappId(outgoing.phoneNumberId(), stored(id))));
        }
        return body;
    }

    /** Meta's id of a stored file, uploaded again when Meta's copy is older than Meta keeps one. */
    private String whatsappId(String phoneNumberId, Media file) {
        boolean fresh = file.whatsappMediaId() != null && file.whatsappUploadedAt() != null
                && file.whatsappUploadedAt().isAfter(Instant.now().minus(META_KEEPS));
        return fresh ? file.whatsappMediaId() : upload(phoneNumberId, file);
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

    /**
     * The media objects of a Graph API body that name our id, wherever Meta takes a file: the message's own
     * ({@code image: {"id": ...}}), a template's header parameters, an interactive message's header.
     */
    private static List<Map<String, Object>> ourMedia(Map<String, Object> body, String type) {
        List<Map<String, Object>> found = new ArrayList<>();
        if (!(body.get(type) instanceof Map<?, ?> typed)) {
            return found;
        }
        add(found, typed);
        if (typed.get("header") instanceof Map<?, ?> header && header.get("type") instanceof String kind) {
            add(found, header.get(kind));
        }
        if (typed.get("components") instanceof List<?> components) {
            for (Object component : components) {
                if (component instanceof Map<?, ?> c && c.get("type") instanceof String kind && kind.equalsIgnoreCase("header")
                        && c.get("parameters") instanceof List<?> parameters) {
                    for (Object parameter : parameters) {
                        if (parameter instanceof Map<?, ?> p && p.get("type") instanceof String media) {
                            add(found, p.get(media));
                        }
                    }
                }
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void add(List<Map<String, Object>> found, Object media) {
        if (media instanceof Map<?, ?> named && ours(named.get("id"))) {
            found.add((Map<String, Object>) named);
        }
    }

    /** A writable copy of a JSON value (the body as the request gave it may be immutable). */
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copied = new LinkedHashMap<>();
            map.forEach((key, v) -> copied.put(String.valueOf(key), copy(v)));
            return copied;
        }
        if (value instanceof List<?> list) {
            List<Object> copied = new ArrayList<>(list.size());
            list.forEach(v -> copied.add(copy(v)));
            return copied;
        }
        return value;
    }
}
