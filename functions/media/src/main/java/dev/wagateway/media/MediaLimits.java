package dev.wagateway.media;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Meta takes for each media type (WhatsApp Cloud API, "Supported media types"): the MIME types and the
 * largest file of each. The API's own ceiling is lower (a Lambda request holds at most 6 MB).
 */
final class MediaLimits {

    private static final long MB = 1024 * 1024;

    /** A MIME type Meta takes: the message type it is sent as and its largest size. */
    record Kind(String messageType, long maxBytes) {
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("audio/aac", new Kind("audio", 16 * MB)),
            Map.entry("audio/amr", new Kind("audio", 16 * MB)),
            Map.entry("audio/mpeg", new Kind("audio", 16 * MB)),
            Map.entry("audio/mp4", new Kind("audio", 16 * MB)),
            Map.entry("audio/ogg", new Kind("audio", 16 * MB)),
            Map.entry("image/jpeg", new Kind("image", 5 * MB)),
            Map.entry("image/png", new Kind("image", 5 * MB)),
            Map.entry("image/webp", new Kind("sticker", 500 * 1024)),
            Map.entry("video/mp4", new Kind("video", 16 * MB)),
            Map.entry("video/3gpp", new Kind("video", 16 * MB)),
            Map.entry("text/plain", new Kind("document", 100 * MB)),
            Map.entry("application/pdf", new Kind("document", 100 * MB)),
            Map.entry("application/msword", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.ms-excel", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.ms-powerpoint", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", new Kind("document", 100 * MB)));

    private MediaLimits() {
    }

    /** The kind of {@code contentType} (its parameters, such as {@code codecs=opus}, ignored), if Meta takes it. */
    static Optional<Kind> of(String contentType) {
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(KINDS.get(base));
    }

    static java.util.Set<String> types() {
        return new java.util.TreeSet<>(KINDS.keySet());
    }
}
