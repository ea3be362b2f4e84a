package dev.wagateway.shared.media;

import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.id.Ids;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of {@code media}: an inbound message's media noted (pending) with the message, the
 * media job's outcome (stored, an attempt failed, failed for good), uploads, Meta's copy of an upload,
 * legacy rows moved into S3, and deletions. Stored and failed inbound media write their
 * {@code media.stored} / {@code media.failed} event in the same transaction.
 *
 * <p>Every method runs in the caller's transaction when there is one, else in its own.
 */
@Singleton
public class MediaWriter {

    private static final String INSERT_INBOUND = """
            INSERT INTO media (media_id, message_id, source, status, whatsapp_media_id, mime_type, file_name,
                               announced_sha256, phone_number_id, next_attempt_at)
            VALUES (?, ?, 'inbound', 'pending', ?, ?, ?, ?, ?, now())
            ON CONFLICT (message_id, whatsapp_media_id) WHERE source = 'inbound' DO NOTHING
            RETURNING media_id""";

    // Only a pending row moves: a second run of the job (SQS delivers at least once) changes nothing.
    private static final String OUTCOME = """
            WITH moved AS (
                UPDATE media SET status = ?, object_key = coalesce(?, object_key), file_size = coalesce(?, file_size),
                                 sha256 = coalesce(?, sha256), mime_type = coalesce(?, mime_type), error = ?,
                                 attempts = attempts + 1, next_attempt_at = NULL,
                                 stored_at = CASE WHEN ? = 'stored' THEN now() END
                WHERE media_id = ? AND status = 'pending'
                RETURNING media_id, message_id, whatsapp_media_id, mime_type, file_name, file_size, sha256, status, error,
                          attempts, phone_number_id)
            SELECT moved.*, m.phone, m.user_id FROM moved LEFT JOIN messages m ON m.id = moved.message_id""";

    private static final String ATTEMPT_FAILED = """
            UPDATE media SET attempts = attempts + 1, error = ?, next_attempt_at = ?
            WHERE media_id = ? AND status = 'pending'""";

    private static final String INSERT_UPLOAD = """
            INSERT INTO media (media_id, source, status, mime_type, file_name, file_size, sha256, object_key, stored_at)
            VALUES (?, 'upload', 'stored', ?, ?, ?, ?, ?, now())""";

    private static final String WHATSAPP_UPLOADED = """
            UPDATE media SET whatsapp_media_id = ?, whatsapp_uploaded_at = ? WHERE media_id = ?""";

    private static final String LEGACY_MOVED = """
            UPDATE media SET media_id = coalesce(media_id, ?), status = 'stored', object_key = ?, file_size = ?, sha256 = ?,
                             stored_at = now()
            WHERE id = ? AND source = 'legacy' AND status = 'pending'""";

    private static final String LEGACY_NOT_MOVABLE = """
            UPDATE media SET media_id = coalesce(media_id, ?), status = 'failed', error = ?
            WHERE id = ? AND source = 'legacy' AND status = 'pending'""";

    private static final String DELETE = """
            UPDATE media SET status = 'deleted', deleted_at = now() WHERE media_id = ? AND status <> 'deleted'""";

    private static final String SHOW_INBOUND = """
            SELECT media_id FROM media WHERE message_id = ? AND whatsapp_media_id = ? AND source = 'inbound'""";

    private final TransactionOperations<Connection> transactions;
    private final OutboxWriter outbox;

    public MediaWriter(TransactionOperations<Connection> transactions, OutboxWriter outbox) {
        this.transactions = transactions;
        this.outbox = outbox;
    }

    /**
     * An inbound message's media, noted pending in the transaction that stores the message (the media job
     * fetches it later, from the event). Answers its id; a second call for the same message and media id
     * answers the first one's.
     */
    public String noteInbound(String messageId, String whatsappMediaId, @Nullable String mimeType, @Nullable String fileName,
                              @Nullable String announcedSha256, @Nullable String phoneNumberId) {
        return inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_INBOUND)) {
                insert.setString(1, Ids.MEDIA.next());
                insert.setString(2, messageId);
                insert.setString(3, whatsappMediaId);
                insert.setString(4, mimeType);
                insert.setString(5, fileName);
                insert.setString(6, announcedSha256);
                insert.setString(7, phoneNumberId);
                try (ResultSet result = insert.executeQuery()) {
                    if (result.next()) {
                        return result.getString(1);
                    }
                }
            }
            try (PreparedStatement show = connection.prepareStatement(SHOW_INBOUND)) {
                show.setString(1, messageId);
                show.setString(2, whatsappMediaId);
                try (ResultSet result = show.executeQuery()) {
                    result.next();
                    return result.getString(1);
                }
            }
        });
    }

    /** The bytes are in the bucket, sha256 checked: stored, with its {@code media.stored}. False when it was not pending. */
    public boolean stored(String mediaId, String objectKey, long size, String sha256, @Nullable String mimeType) {
        return outcome(Media.STORED, mediaId, objectKey, size, sha256, mimeType, null, EventType.MEDIA_STORED);
    }

    /** Given up for good: failed, with the reason and its {@code media.failed}. False when it was not pending. */
    public boolean failed(String mediaId, String reason) {
        return outcome(Media.FAILED, mediaId, null, null, null, null, reason, EventType.MEDIA_FAILED);
    }

    /** One attempt failed; the next one is due at {@code next}. */
    public void attemptFailed(String mediaId, String reason, Instant next) {
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(ATTEMPT_FAILED)) {
                update.setString(1, reason);
                update.setTimestamp(2, Timestamp.from(next));
                update.setString(3, mediaId);
                return update.executeUpdate();
            }
        });
    }

    /** A new media id, for a file about to be put in the bucket under a key that names it. */
    public static String newId() {
        return Ids.MEDIA.next();
    }

    /** A file uploaded through the API, already in the bucket under {@code objectKey}. */
    public void uploaded(String mediaId, String objectKey, String mimeType, @Nullable String fileName, long size, String sha256) {
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_UPLOAD)) {
                insert.setString(1, mediaId);
                insert.setString(2, mimeType);
                insert.setString(3, fileName);
                insert.setLong(4, size);
                insert.setString(5, sha256);
                insert.setString(6, objectKey);
                return insert.executeUpdate();
            }
        });
    }

    /** Meta took our copy under {@code whatsappMediaId} at {@code at} (it keeps it 30 days). */
    public void whatsappUploaded(String mediaId, String whatsappMediaId, Instant at) {
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(WHATSAPP_UPLOADED)) {
                update.setString(1, whatsappMediaId);
                update.setTimestamp(2, Timestamp.from(at));
                update.setString(3, mediaId);
                return update.executeUpdate();
            }
        });
    }

    /** A legacy row's blob is in the bucket: stored, with an API id. False when another run moved it first. */
    public boolean legacyMoved(long id, String objectKey, long size, String sha256) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(LEGACY_MOVED)) {
                update.setString(1, Ids.MEDIA.next());
                update.setString(2, objectKey);
                update.setLong(3, size);
                update.setString(4, sha256);
                update.setLong(5, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** A legacy row with no blob to move (the old gateway kept the file elsewhere): failed, and why; the row stays. */
    public boolean legacyNotMovable(long id, String reason) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(LEGACY_NOT_MOVABLE)) {
                update.setString(1, Ids.MEDIA.next());
                update.setString(2, reason);
                update.setLong(3, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Marks the media deleted (its object is removed by the caller first). False when it was already. */
    public boolean deleted(String mediaId) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(DELETE)) {
                update.setString(1, mediaId);
                return update.executeUpdate() == 1;
            }
        });
    }

    private boolean outcome(String status, String mediaId, @Nullable String objectKey, @Nullable Long size,
                            @Nullable String sha256, @Nullable String mimeType, @Nullable String error, EventType type) {
        return inTransaction(connection -> {
            Optional<NewEvent> event;
            try (PreparedStatement update = connection.prepareStatement(OUTCOME)) {
                update.setString(1, status);
                update.setString(2, objectKey);
                if (size == null) {
                    update.setNull(3, Types.BIGINT);
                } else {
                    update.setLong(3, size);
                }
                update.setString(4, sha256);
                update.setString(5, mimeType);
                update.setString(6, error);
                update.setString(7, status);
                update.setString(8, mediaId);
                try (ResultSet row = update.executeQuery()) {
                    event = row.next() ? Optional.of(event(type, row)) : Optional.empty();
                }
            }
            if (event.isEmpty()) {
                return false;
            }
            outbox.write(event.get());
            return true;
        });
    }

    private static NewEvent event(EventType type, ResultSet row) throws SQLException {
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("id", row.getString("media_id"));
        media.put("message_id", row.getString("message_id"));
        media.put("whatsapp_media_id", row.getString("whatsapp_media_id"));
        media.put("mime_type", row.getString("mime_type"));
        media.put("file_name", row.getString("file_name"));
        long size = row.getLong("file_size");
        media.put("file_size", row.wasNull() ? null : size);
        media.put("sha256", row.getString("sha256"));
        media.put("status", row.getString("status"));
        media.put("error", row.getString("error"));
        media.put("attempts", row.getInt("attempts"));
        String phone = row.getString("phone");
        String conversation = phone != null ? phone : row.getString("user_id");
        return new NewEvent(type, row.getString("phone_number_id"), conversation, null, row.getString("message_id"), null, null,
                Map.of("media", media));
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        return transactions.executeWrite(status -> {
            try {
                return work.run(status.getConnection());
            } catch (SQLException e) {
                throw new DataAccessException("Could not write media: " + e.getMessage(), e);
            }
        });
    }
}
