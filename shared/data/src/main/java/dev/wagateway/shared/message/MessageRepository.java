package dev.wagateway.shared.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of {@code messages}; its writes are {@link MessageWriter}'s alone. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MessageRepository extends CrudRepository<Message, String> {

    Optional<Message> findByWhatsappMessageId(String whatsappMessageId);

    /**
     * Newest first, each filter optional: the other party (messages with any of {@code phone},
     * {@code userId}, {@code parentUserId}: give every identity the user is known by), status,
     * direction, and {@code text} (words that must all appear in the content or caption). Keyset-paged after ({@code afterCreatedAt},
     * {@code afterId}); asks for {@code limit} rows.
     */
    @Query("""
            SELECT * FROM messages
            WHERE ((CAST(:phone AS text) IS NULL AND CAST(:userId AS text) IS NULL AND CAST(:parentUserId AS text) IS NULL)
                   OR phone = :phone OR user_id = :userId OR parent_user_id = :parentUserId)
              AND (CAST(:status AS text) IS NULL OR status = :status)
              AND (CAST(:direction AS text) IS NULL OR direction = :direction)
              AND (CAST(:text AS text) IS NULL
                   OR to_tsvector('simple', coalesce(content, '') || ' ' || coalesce(caption, ''))
                      @@ plainto_tsquery('simple', :text))
              AND (CAST(:afterId AS text) IS NULL OR (created_at, id) < (CAST(:afterCreatedAt AS timestamptz), :afterId))
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<Message> list(@Nullable String phone, @Nullable String userId, @Nullable String parentUserId, @Nullable String status, @Nullable String direction,
                       @Nullable String text, @Nullable Instant afterCreatedAt, @Nullable String afterId, int limit);
}
