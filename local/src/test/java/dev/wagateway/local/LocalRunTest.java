package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRunTest {

    @Test
    void thePortComesFromTheArgumentsThenPortThen8080() {
        assertEquals(8080, LocalRun.port(new String[0], Map.of()));
        assertEquals(9000, LocalRun.port(new String[0], Map.of("PORT", "9000")));
        assertEquals(9001, LocalRun.port(new String[] {"--port", "9001"}, Map.of("PORT", "9000")));
        assertEquals(9002, LocalRun.port(new String[] {"--port=9002"}, Map.of()));
    }

    @Test
    void aBadPortOrArgumentIsRefusedWithTheUsage() {
        for (String[] args : new String[][] {{"--port", "http"}, {"--port=70000"}, {"--verbose"}, {"--port"}}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LocalRun.port(args, Map.of()));
            assertTrue(refused.getMessage().contains(LocalRun.USAGE), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LocalRun.port(new String[0], Map.of("PORT", "0")));
    }

    @Test
    void aMigrationMergedAfterAHigherOneIsRefusedAsADeployedDatabaseRefusesIt() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        // As a local database that was migrated before V6 was merged (V10 and V30 were already there).
        sql.execute("DROP INDEX contacts_phone_deleted_idx");
        sql.execute("DELETE FROM flyway_schema_history WHERE version = '6'");

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LocalRun.migrate(database));
        assertTrue(refused.getMessage().contains("V6") && refused.getMessage().contains("strict order"), refused.getMessage());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM pg_indexes WHERE indexname = 'contacts_phone_deleted_idx'"),
                "nothing applied");
    }
}
