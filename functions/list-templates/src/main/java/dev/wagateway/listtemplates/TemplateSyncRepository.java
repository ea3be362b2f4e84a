package dev.wagateway.listtemplates;

import dev.wagateway.shared.template.Template;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TemplateSyncRepository extends GenericRepository<Template, String> {

    /** Makes concurrent syncs (schedule and caller) take turns; released when the transaction ends. */
    @Query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
    int lockForSync(long key);
}
