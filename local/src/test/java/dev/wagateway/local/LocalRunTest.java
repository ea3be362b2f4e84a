package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.PostgresServer;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void theApiKeyIsKeptWithTheDataItOpens() {
        Path home = Path.of("/home/someone/.wa-gateway");
        PostgresServer embedded = server("embedded");
        DatabaseCoordinates local = new DatabaseCoordinates("jdbc:postgresql://localhost:54329/wagateway", "postgres", "");
        assertEquals(Path.of("/data/one/local-api-key"), LocalRun.apiKeyFile(embedded, local, Path.of("/data/one"), home));
        assertEquals(Path.of("/data/two/local-api-key"), LocalRun.apiKeyFile(embedded, local, Path.of("/data/two"), home));

        PostgresServer given = server("environment");
        Path first = LocalRun.apiKeyFile(given, local, Path.of("/data/one"), home);
        Path other = LocalRun.apiKeyFile(given, local.withDatabase("elsewhere"), Path.of("/data/one"), home);
        assertEquals(home, first.getParent());
        assertNotEquals(first, other, "another database, another key file");
        assertEquals(first, LocalRun.apiKeyFile(given, local, Path.of("/data/two"), home), "the same database, the same file");
    }

    private static PostgresServer server(String origin) {
        return new PostgresServer() {
            @Override
            public String origin() {
                return origin;
            }

            @Override
            public DatabaseCoordinates adminDatabase() {
                throw new UnsupportedOperationException("the key file is chosen from origin() alone");
            }

            @Override
            public void close() {
            }
        };
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
