package dev.wagateway.shared.apikey;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of {@code api_keys}; its writes are {@link ApiKeyWriter}'s alone. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRepository extends CrudRepository<ApiKey, String> {

    /** A key that is neither revoked nor expired at {@code now}, by its id: the one lookup a new-format key costs. */
    @Query("SELECT * FROM api_keys WHERE id = :id AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > :now)")
    Optional<ApiKey> findUsable(String id, Instant now);

    /** A usable key by the SHA-256 of the whole key: how an upgraded legacy key (which names no id) is found. */
    @Query("""
            SELECT * FROM api_keys
            WHERE key_hash = :sha256 AND hash_algorithm = 'sha256' AND deleted_at IS NULL
              AND (expires_at IS NULL OR expires_at > :now)""")
    Optional<ApiKey> findUsableBySha256(String sha256, Instant now);

    /** Imported keys still hashed with bcrypt, neither revoked nor expired. */
    @Query("""
            SELECT * FROM api_keys
            WHERE hash_algorithm = 'bcrypt' AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > :now)
            ORDER BY id""")
    List<ApiKey> findUsableLegacy(Instant now);

    /** Replaces a legacy bcrypt hash by the fast one, unless another request already did. */
    @Query("""
            UPDATE api_keys SET key_hash = :sha256, hash_algorithm = 'sha256'
            WHERE id = :id AND key_hash = :bcryptHash AND hash_algorithm = 'bcrypt'""")
    int upgradeToSha256(String id, String bcryptHash, String sha256);

    @Query("UPDATE api_keys SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL")
    int revoke(String id, Instant now);

    @Query("SELECT * FROM api_keys ORDER BY created_at, id")
    List<ApiKey> findAllOrdered();
}
