package dev.wagateway.mediajobs;

import dev.wagateway.shared.media.LegacyMediaBlobs;
import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.media.MediaRepository;
import dev.wagateway.shared.media.MediaWriter;
import dev.wagateway.shared.mediastore.MediaStore;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Moves the imported legacy media into the bucket: each row whose blob ({@code data}) the old gateway kept inline
 * becomes the object {@code legacy/<row id>} and a stored media with an API id, one row at a time, each committed
 * on its own. Resumable (a run that stops leaves the rest pending for the next), idempotent (only pending rows are
 * taken, and a row's key is always the same), counted: objects written = rows with a blob. A row without a blob (the
 * file was at its {@code storage_path}, outside the legacy database) cannot be moved: it is marked failed with that
 * reason and counted apart; the row, with its path, stays.
 */
@Singleton
public class LegacyMediaMove {

    /**
     * What one run did.
     *
     * @param objectsWritten  rows with a blob, now objects in the bucket
     * @param withoutBlob     rows without a blob (kept, marked failed: the file was outside the database)
     * @param pending         legacy rows still to move when the run stopped (0: done)
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Report(int objectsWritten, long bytesWritten, int withoutBlob, long pending, boolean done) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LegacyMediaMove.class);

    private final MediaRepository media;
    private final LegacyMediaBlobs blobs;
    private final MediaWriter writer;
    private final MediaStore store;
    private final MediaJobConfiguration settings;

    public LegacyMediaMove(MediaRepository media, LegacyMediaBlobs blobs, MediaWriter writer, MediaStore store,
                           MediaJobConfiguration settings) {
        this.media = media;
        this.blobs = blobs;
        this.writer = writer;
        this.store = store;
        this.settings = settings;
    }

    /** Moves pending legacy rows for at most {@code budget}, then reports. */
    public Report run(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int written = 0;
        int withoutBlob = 0;
        long bytes = 0;
        long after = 0;
        boolean timeLeft = true;
        while (timeLeft) {
            List<Media> page = media.legacyPending(after, settings.legacyPage());
            if (page.isEmpty()) {
                break;
            }
            for (Media row : page) {
                after = row.id();
                Optional<byte[]> blob = blobs.read(row.id());
                if (blob.isEmpty()) {
                    if (writer.legacyNotMovable(row.id(), "the legacy gateway kept this file outside its database"
                            + (row.storagePath() == null ? "" : " (storage_path " + row.storagePath() + ")")
                            + "; the import holds no bytes for it")) {
                        withoutBlob++;
                    }
                } else {
                    bytes += move(row, blob.get());
                    written++;
                }
                if (System.nanoTime() > deadline) {
                    timeLeft = false;
                    break;
                }
            }
        }
        long pending = media.legacyPending(0, 1).isEmpty() ? 0 : countPending();
        LOG.info("Legacy media: {} objects written ({} bytes), {} rows without a blob, {} pending", written, bytes, withoutBlob, pending);
        return new Report(written, bytes, withoutBlob, pending, pending == 0);
    }

    private long countPending() {
        long count = 0;
        long after = 0;
        for (List<Media> page = media.legacyPending(after, 1000); !page.isEmpty(); page = media.legacyPending(after, 1000)) {
            count += page.size();
            after = page.getLast().id();
        }
        return count;
    }

    private long move(Media row, byte[] blob) {
        String key = "legacy/" + row.id();
        try {
            store.put(key, new ByteArrayInputStream(blob), OptionalLong.of(blob.length), row.mimeType(), row.fileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.legacyMoved(row.id(), key, blob.length, sha256(blob));
        return blob.length;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
