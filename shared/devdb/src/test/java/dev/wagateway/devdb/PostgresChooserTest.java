package dev.wagateway.devdb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chooser's paths that this machine can take: embedded, and a URL from the environment
 * (pointed at the embedded server). The Testcontainers path needs a Docker engine; the probe
 * decides, and is asked only when no URL is given.
 */
class PostgresChooserTest {

    private static PostgresServer embedded;
    private static final AtomicInteger DOCKER_PROBES = new AtomicInteger();

    @BeforeAll
    static void startEmbedded() {
        embedded = new PostgresChooser(Map.of(), () -> {
            DOCKER_PROBES.incrementAndGet();
            return false;
        }).chooseForTests();
    }

    @AfterAll
    static void stop() {
        embedded.close();
    }

    @Test
    void withoutUrlOrDockerItStartsAnEmbeddedPostgres16() throws SQLException {
        assertEquals("embedded", embedded.origin());
        assertEquals(1, DOCKER_PROBES.get(), "Docker is asked before falling back to embedded");
        assertTrue(serverVersion(embedded.adminDatabase()).startsWith("16."));
    }

    @Test
    void onlyThrowAwayServersTurnDurabilityOff(@TempDir Path data) throws SQLException {
        assertEquals(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"),
                durability(embedded.adminDatabase()));
        try (PostgresServer local = new PostgresChooser(Map.of(), () -> false).chooseForLocalRun(data.resolve("pg"), 0)) {
            // The local run's data outlives it: a delivery answered 200 must survive a crash right after.
            assertEquals(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"),
                    durability(local.adminDatabase()));
        }
    }

    private static Map<String, String> durability(DatabaseCoordinates database) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             ResultSet result = connection.createStatement().executeQuery(
                     "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")) {
            while (result.next()) {
                settings.put(result.getString(1), result.getString(2));
            }
        }
        return settings;
    }

    @Test
    void aUrlFromTheEnvironmentWinsAndDockerIsNotAsked() throws SQLException {
        DatabaseCoordinates admin = embedded.adminDatabase();
        AtomicInteger probes = new AtomicInteger();
        PostgresServer given = new PostgresChooser(Map.of(
                PostgresChooser.URL_VARIABLE, admin.jdbcUrl(),
                PostgresChooser.USERNAME_VARIABLE, admin.username(),
                PostgresChooser.PASSWORD_VARIABLE, admin.password()), () -> {
            probes.incrementAndGet();
            return true;
        }).chooseForTests();

        assertEquals("environment", given.origin());
        assertEquals(0, probes.get());
        assertEquals(admin.jdbcUrl(), given.adminDatabase().jdbcUrl());
        assertTrue(serverVersion(given.adminDatabase()).startsWith("16."));
        given.close();
        assertTrue(serverVersion(admin).startsWith("16."), "closing a given server leaves it running");
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedWithItsVariableNamed() {
        PostgresChooser chooser = new PostgresChooser(Map.of(PostgresChooser.URL_VARIABLE, "jdbc:mysql://x/y"), () -> false);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, chooser::chooseForTests);
        assertTrue(error.getMessage().contains(PostgresChooser.URL_VARIABLE));
    }

    @Test
    void dockerProbeCanBeSwitchedOff() {
        AtomicInteger probes = new AtomicInteger();
        PostgresServer server = new PostgresChooser(Map.of(PostgresChooser.TESTCONTAINERS_VARIABLE, "false"), () -> {
            probes.incrementAndGet();
            return true;
        }).chooseForTests();
        try {
            assertEquals("embedded", server.origin());
            assertEquals(0, probes.get());
        } finally {
            server.close();
        }
    }

    @Test
    void coordinatesSwitchDatabaseAndNeverPrintTheQueryString() {
        DatabaseCoordinates coordinates = new DatabaseCoordinates(
                "jdbc:postgresql://db:5432/app?password=hunter2&ssl=true", "u", "pw");
        assertEquals("jdbc:postgresql://db:5432/other?password=hunter2&ssl=true",
                coordinates.withDatabase("other").jdbcUrl());
        assertEquals("jdbc:postgresql://db:5432/app?password=***&ssl=true", coordinates.redactedUrl());
        assertTrue(!coordinates.toString().contains("hunter2") && !coordinates.toString().contains("pw"));
    }

    static String serverVersion(DatabaseCoordinates database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             ResultSet result = connection.createStatement().executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        }
    }
}
