package dev.wagateway.shared.template;

import dev.wagateway.shared.lock.AdvisoryLocks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** Reads of {@code templates}; its writes are {@link TemplateWriter}'s alone. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TemplateRepository extends CrudRepository<Template, String> {

    /** {@link AdvisoryLocks#TEMPLATE_SYNC}: for {@link TemplateWriter#lockForSync} only. */
    @Query(AdvisoryLocks.TEMPLATE_SYNC_SQL)
    int lockForSync(long key);

    @Query("SELECT * FROM templates WHERE name = :name AND language = :language AND deleted_at IS NULL")
    Optional<Template> findLive(String name, String language);

    @Query("SELECT * FROM templates WHERE name = :name AND deleted_at IS NULL ORDER BY language")
    List<Template> findLiveByName(String name);

    @Query("SELECT * FROM templates WHERE deleted_at IS NULL ORDER BY name, language")
    List<Template> findAllLive();

    /**
     * Live templates by name (byte order, the same on every server), each filter optional; {@code nameContainsPattern} is a LIKE pattern
     * already escaped ({@code TextSearch.escapeLike}). Keyset-paged after ({@code afterName},
     * {@code afterId}); asks for {@code limit} rows.
     */
    @Query("""
            SELECT * FROM templates
            WHERE deleted_at IS NULL
              AND (CAST(:status AS text) IS NULL OR status = :status)
              AND (CAST(:category AS text) IS NULL OR category = :category)
              AND (CAST(:language AS text) IS NULL OR language = :language)
              AND (CAST(:name AS text) IS NULL OR name = :name)
              AND (CAST(:nameContainsPattern AS text) IS NULL OR name ILIKE '%' || :nameContainsPattern || '%' ESCAPE '\\')
              AND (CAST(:afterId AS text) IS NULL OR (name COLLATE "C", id) > (CAST(:afterName AS text) COLLATE "C", :afterId))
            ORDER BY name COLLATE "C", id
            LIMIT :limit""")
    List<Template> list(@Nullable String status, @Nullable String category, @Nullable String language,
                        @Nullable String name, @Nullable String nameContainsPattern,
                        @Nullable String afterName, @Nullable String afterId, int limit);
}
