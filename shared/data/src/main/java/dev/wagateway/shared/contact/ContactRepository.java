package dev.wagateway.shared.contact;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of {@code contacts}; its writes are {@link ContactWriter}'s alone. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ContactRepository extends CrudRepository<Contact, String> {

    /**
     * The live (not soft-deleted) contact with this E.164 phone, BSUID or parent BSUID: give one of
     * the three, the others null.
     */
    @Query("""
            SELECT * FROM contacts
            WHERE deleted_at IS NULL AND (phone = :phone OR user_id = :userId OR parent_user_id = :parentUserId)""")
    Optional<Contact> findLive(@Nullable String phone, @Nullable String userId, @Nullable String parentUserId);

    /**
     * The latest inbound message time of the live contacts known by any of these identities (two contacts not
     * merged yet may each hold one): the customer service window's start. Each identity is a unique index.
     */
    @Query("""
            SELECT max(last_inbound_at) FROM contacts
            WHERE deleted_at IS NULL AND (phone = :phone OR user_id = :userId OR parent_user_id = :parentUserId)""")
    Optional<Instant> lastInboundAt(@Nullable String phone, @Nullable String userId, @Nullable String parentUserId);

    /** The live contact with this E.164 number. */
    default Optional<Contact> findLiveByPhone(String phone) {
        return findLive(phone, null, null);
    }

    @Query("SELECT * FROM contacts WHERE id = :id AND deleted_at IS NULL")
    Optional<Contact> findLiveById(String id);

    /** The most recently deleted contact of a phone, BSUID or parent BSUID (one given), which a PUT brings back. */
    @Query("""
            SELECT * FROM contacts
            WHERE deleted_at IS NOT NULL AND (phone = :phone OR user_id = :userId OR parent_user_id = :parentUserId)
            ORDER BY deleted_at DESC, id DESC LIMIT 1""")
    Optional<Contact> findLatestDeleted(@Nullable String phone, @Nullable String userId, @Nullable String parentUserId);

    /** Soft-deletes a live contact; its messages stay. */
    @Query("UPDATE contacts SET deleted_at = now() WHERE id = :id AND deleted_at IS NULL")
    int softDelete(String id);

    /**
     * Live contacts, most recently messaged first, optionally only those whose name, phone and
     * username match: {@code prefixQuery} from {@code TextSearch.prefixQuery} (full-text index),
     * {@code phoneDigits} a run of digits anywhere in the number (trigram index). Keyset-paged after ({@code afterLastMessageAt}, {@code afterId});
     * asks for {@code limit} rows.
     */
    @Query("""
            SELECT * FROM contacts
            WHERE deleted_at IS NULL
              AND (CAST(:prefixQuery AS text) IS NULL
                   OR to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(phone, '') || ' '
                                            || translate(coalesce(username, ''), '._', '  '))
                      @@ to_tsquery('simple', :prefixQuery))
              AND (CAST(:phoneDigits AS text) IS NULL OR CAST(phone AS text) LIKE '%' || :phoneDigits || '%')
              AND (CAST(:afterId AS text) IS NULL
                   OR (CAST(:afterLastMessageAt AS timestamptz) IS NOT NULL
                       AND (last_message_at < :afterLastMessageAt OR last_message_at IS NULL
                            OR (last_message_at = :afterLastMessageAt AND id < :afterId)))
                   OR (CAST(:afterLastMessageAt AS timestamptz) IS NULL AND last_message_at IS NULL AND id < :afterId))
            ORDER BY last_message_at DESC NULLS LAST, id DESC
            LIMIT :limit""")
    List<Contact> search(@Nullable String prefixQuery, @Nullable String phoneDigits,
                         @Nullable Instant afterLastMessageAt, @Nullable String afterId, int limit);
}
