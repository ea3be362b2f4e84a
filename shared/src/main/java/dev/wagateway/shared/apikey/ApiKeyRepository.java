package dev.wagateway.shared.apikey;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRepository extends CrudRepository<ApiKey, String> {

    /** A key that is neither revoked nor expired, by its id: the one lookup a new-format key costs. */
    @Query("SELECT * FROM api_keys WHERE id = :id AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > now())")
    Optional<ApiKey> findUsable(String id);

    /** Imported keys still hashed with bcrypt, neither revoked nor expired. */
    @Query("""
            SELECT * FROM api_keys
            WHERE hash_algorithm = 'bcrypt' AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            ORDER BY id""")
    List<ApiKey> findUsableLegacy();
}
