package dev.wagateway.shared.media;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads of {@code media}; its writes are {@link MediaWriter}'s alone. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MediaRepository extends GenericRepository<Media, Long> {

    Optional<Media> findByMediaId(String mediaId);

    /** The media of these messages (inbound, uploads sent by id, and legacy rows), oldest first. */
    @Query("SELECT * FROM media WHERE message_id IN (:messageIds) ORDER BY id")
    List<Media> findByMessageIds(Collection<String> messageIds);

    /** Inbound media whose next attempt is due, oldest due first. */
    @Query("""
            SELECT * FROM media WHERE status = 'pending' AND source = 'inbound' AND next_attempt_at <= :now
            ORDER BY next_attempt_at LIMIT :limit""")
    List<Media> dueForRetry(Instant now, int limit);

    /** Legacy rows still to move into S3, by id from {@code afterId}: only those whose blob is in the database. */
    @Query("""
            SELECT * FROM media WHERE source = 'legacy' AND status = 'pending' AND id > :afterId
            ORDER BY id LIMIT :limit""")
    List<Media> legacyPending(long afterId, int limit);
}
