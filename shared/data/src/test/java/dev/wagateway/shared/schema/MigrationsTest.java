package dev.wagateway.shared.schema;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.schema.SchemaMigrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationsTest {

    @Test
    void migratesAnEmptyDatabaseThenValidatesAndASecondMigrateDoesNothing() {
        DatabaseCoordinates database = TestDatabases.instance().createEmpty("migrations");
        Flyway flyway = SchemaMigrations.flyway(database.jdbcUrl(), database.username(), database.password());

        MigrateResult first = flyway.migrate();
        assertTrue(first.migrationsExecuted >= 3, "all versioned migrations applied: " + first.migrationsExecuted);
        assertTrue(first.success);

        flyway.validate();
        MigrateResult second = flyway.migrate();
        assertEquals(0, second.migrationsExecuted);
        assertEquals(first.targetSchemaVersion, flyway.info().current().getVersion().getVersion());

        Sql sql = new Sql(database);
        assertEquals("16", sql.queryValue("SELECT split_part(current_setting('server_version'), '.', 1)"));
        assertEquals("0", sql.queryValue("""
                SELECT count(*) FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type LIKE 'timestamp without%'
                  AND table_name <> 'flyway_schema_history'"""), "timestamptz everywhere");
    }
}
