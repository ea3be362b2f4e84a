package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.DatabaseSettings;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.schema.SchemaMigrations;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The import's quick look at pending migrations gives Flyway's answer: none, some, all. */
class PendingMigrationsTest {

    @Test
    void answersAsFlywayDoesOnAnEmptyAMigratedAndAPartlyMigratedDatabase() {
        DatabaseCoordinates empty = TestDatabases.instance().createEmpty("pendingempty");
        List<String> all = flyway(empty);
        assertTrue(all.size() >= 3 && all.getFirst().equals("V1 core schema"), all.toString());
        assertEquals(all, PendingMigrations.of(settings(empty)));

        DatabaseCoordinates migrated = TestDatabases.instance().create("pendingmigrated");
        assertEquals(List.of(), flyway(migrated));
        assertEquals(List.of(), PendingMigrations.of(settings(migrated)));

        // The last migration's record gone, as if it never ran: that one is still to apply.
        Sql sql = new Sql(migrated);
        sql.execute("DELETE FROM flyway_schema_history WHERE installed_rank = (SELECT max(installed_rank) FROM flyway_schema_history)");
        List<String> last = flyway(migrated);
        assertEquals(List.of(all.getLast()), last);
        assertEquals(last, PendingMigrations.of(settings(migrated)));
    }

    private static List<String> flyway(DatabaseCoordinates database) {
        return SchemaMigrations.pending(database.jdbcUrl(), database.username(), database.password());
    }

    private static DatabaseSettings settings(DatabaseCoordinates database) {
        return new DatabaseSettings(database.jdbcUrl(), database.username(), database.password());
    }
}
