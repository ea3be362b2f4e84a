package dev.wagateway.devdb;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Here, not in devdb: the migrations ship in this module, so this classpath is the one tests migrate from. */
class MigratedSnapshotCopyTest {

    @Test
    void aCopyHoldsEveryMigrationAppliedAndIsDeletedWhenItsServerStops() throws Exception {
        int migrations = MigratedSnapshot.migrations().size();
        String dataDirectory;
        try (PostgresServer server = MigratedSnapshot.start()) {
            DatabaseCoordinates template = server.adminDatabase().withDatabase(MigratedSnapshot.TEMPLATE);
            try (Connection connection = DriverManager.getConnection(template.jdbcUrl(), template.username(), template.password());
                 Statement statement = connection.createStatement()) {
                try (ResultSet applied = statement.executeQuery(
                        "SELECT count(*) FILTER (WHERE success), count(*) FROM flyway_schema_history WHERE version IS NOT NULL")) {
                    applied.next();
                    assertEquals(migrations, applied.getInt(1), "every migration on the classpath, applied");
                    assertEquals(migrations, applied.getInt(2), "and none failed");
                }
                try (ResultSet directory = statement.executeQuery("SELECT current_setting('data_directory')")) {
                    directory.next();
                    dataDirectory = directory.getString(1);
                }
            }
            assertTrue(Files.isDirectory(Path.of(dataDirectory)));
        }
        assertFalse(Files.exists(Path.of(dataDirectory)), "the copy goes with its server");
    }

}
