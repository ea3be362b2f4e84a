package dev.wagateway.mediajobs;

import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.media.MediaRepository;
import dev.wagateway.shared.media.MediaWriter;
import dev.wagateway.shared.mediastore.MediaStore;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import dev.wagateway.shared.whatsapp.GraphApiException;
import dev.wagateway.shared.whatsapp.MediaDownloads;
import dev.wagateway.shared.whatsapp.MediaInfo;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Fetches one inbound file: asks the Graph API for its URL, streams the download into the media bucket
 * (never the whole file in memory) while computing its sha256, and records the outcome. A URL that expired
 * before the download is asked for again at once; other failures are tried again later (the row stays
 * pending with its next attempt's time); Meta no longer having the file, a sha256 other than Meta's, or
 * retries past {@code media.job.give-up-after} fail it for good, with a {@code media.failed} event.
 * Running twice for one file changes nothing: only a pending row is fetched.
 */
@Singleton
public class MediaFetcher {

    /** What one call did. */
    public enum Outcome { STORED, FAILED, RETRY_LATER, NOT_PENDING }

    private static final Logger LOG = LoggerFactory.getLogger(MediaFetcher.class);
    // Meta's "object does not exist" (GraphMethodException, code 100 subcode 33): the id is gone for good.
    private static final int UNKNOWN_OBJECT = 100;

    private final MediaRepository media;
    private final MediaWriter writer;
    private final GraphApiClient graph;
    private final MediaDownloads downloads;
    private final MediaStore store;
    private final MediaJobConfiguration settings;
    private final Clock clock;

    public MediaFetcher(MediaRepository media, MediaWriter writer, GraphApiClient graph, MediaDownloads downloads,
                        MediaStore store, MediaJobConfiguration settings) {
        this.media = media;
        this.writer = writer;
        this.graph = graph;
        this.downloads = downloads;
        this.store = store;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /** The object key of an inbound file. */
    static String objectKey(Media row) {
        return "inbound/" + row.mediaId();
    }

    public Outcome fetch(String mediaId) {
        Optional<Media> found = media.findByMediaId(mediaId);
        if (found.isEmpty() || !Media.PENDING.equals(found.get().status()) || !"inbound".equals(found.get().source())) {
            return Outcome.NOT_PENDING;
        }
        Media row = found.get();
        try {
            return download(row);
        } catch (GraphApiException e) {
            if (e.code() == UNKNOWN_OBJECT && e.httpStatus() == 400) {
                return fail(row, "Meta no longer has media " + row.whatsappMediaId() + " (Graph API code 100)");
            }
            return later(row, "Graph API: HTTP " + e.httpStatus() + ", code " + e.code() + e.metaMessage().map(m -> ": " + m).orElse(""));
        } catch (MediaDownloads.DownloadRefusedException e) {
            return later(row, e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(row, "refused: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return later(row, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Outcome download(Media row) throws IOException {
        for (int lookup = 1; ; lookup++) {
            MediaInfo info = graph.mediaInfo(row.whatsappMediaId());
            try (MediaDownloads.Download download = downloads.open(info.url())) {
                return store(row, info, download);
            } catch (MediaDownloads.DownloadRefusedException e) {
                if (!e.expired() || lookup >= 2) {
                    throw e;
                }
                LOG.info("Media {}: Meta's URL expired before the download; asking for a new one", row.mediaId());
            }
        }
    }

    private Outcome store(Media row, MediaInfo info, MediaDownloads.Download download) throws IOException {
        String key = objectKey(row);
        String mimeType = info.mimeType() != null ? info.mimeType() : row.mimeType();
        OptionalLong size = download.contentLength().isPresent() ? download.contentLength()
                : info.fileSize() == null ? OptionalLong.empty() : OptionalLong.of(info.fileSize());
        DigestInputStream digesting = new DigestInputStream(download.body(), sha256());
        long written = store.put(key, digesting, size, mimeType, row.fileName());
        // Whatever the put left unread would escape the digest: read it, so the sha256 covers the whole answer.
        long rest = digesting.transferTo(OutputStream.nullOutputStream());
        byte[] digest = digesting.getMessageDigest().digest();
        String hex = HexFormat.of().formatHex(digest);
        String expected = mismatch(digest, info.sha256(), row.announcedSha256());
        if (expected != null || rest > 0) {
            store.delete(key);
            String reason = rest > 0 ? "the download held more bytes than announced (" + (written + rest) + ")"
                    : "sha256 mismatch: Meta announced " + expected + ", the file downloaded is " + hex;
            return fail(row, reason);
        }
        if (writer.stored(row.mediaId(), key, written, hex, mimeType)) {
            LOG.info("Media {} stored: {} bytes, {}", row.mediaId(), written, mimeType);
            return Outcome.STORED;
        }
        return Outcome.NOT_PENDING;
    }

    /** Null when every announced sha256 (hex or base64) is the content's; else the first one that is not. */
    private static @Nullable String mismatch(byte[] digest, @Nullable String... announced) {
        for (String value : announced) {
            if (value == null || value.isBlank()) {
                continue;
            }
            byte[] expected = decode(value.strip());
            if (expected == null || !MessageDigest.isEqual(expected, digest)) {
                return value;
            }
        }
        return null;
    }

    private static byte @Nullable [] decode(String value) {
        try {
            if (value.length() == 64 && value.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
                return HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
            }
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Outcome later(Media row, String reason) {
        Instant now = clock.instant();
        Instant received = row.createdAt() == null ? now : row.createdAt();
        if (now.isAfter(received.plus(settings.giveUpAfter()))) {
            return fail(row, "retries ended after " + settings.giveUpAfter().toDays() + " days; last error: " + reason);
        }
        Instant next = now.plus(settings.delayAfter(row.attempts() + 1));
        writer.attemptFailed(row.mediaId(), reason, next);
        LOG.warn("Media {}: attempt {} failed ({}); next at {}", row.mediaId(), row.attempts() + 1, reason, next);
        return Outcome.RETRY_LATER;
    }

    private Outcome fail(Media row, String reason) {
        LOG.warn("Media {} failed: {}", row.mediaId(), reason);
        return writer.failed(row.mediaId(), reason) ? Outcome.FAILED : Outcome.NOT_PENDING;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
