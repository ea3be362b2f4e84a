package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Migrations;
import dev.wagateway.devdb.PostgresChooser;
import dev.wagateway.devdb.PostgresServer;
import org.flywaydb.core.api.output.MigrateResult;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * The local run: a real PostgreSQL (the given {@code DEVDB_URL}, or an embedded server whose data
 * stays in {@code ~/.wa-gateway/postgres} between runs), the product's database on it, migrated.
 * Runs until stopped (Ctrl-C).
 */
public final class LocalRun {

    static final String DATABASE = "wagateway";
    static final String DATA_DIRECTORY_VARIABLE = "LOCAL_POSTGRES_DIR";
    static final String PORT_VARIABLE = "LOCAL_POSTGRES_PORT";
    static final int DEFAULT_PORT = 54329;

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(System.getenv().getOrDefault(DATA_DIRECTORY_VARIABLE,
                Path.of(System.getProperty("user.home"), ".wa-gateway", "postgres").toString()));
        int port = Integer.parseInt(System.getenv().getOrDefault(PORT_VARIABLE, String.valueOf(DEFAULT_PORT)));

        PostgresServer server = new PostgresChooser().chooseForLocalRun(dataDirectory, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "local-run-stop"));

        DatabaseCoordinates database = ensureDatabase(server.adminDatabase(), DATABASE);
        MigrateResult migrated = Migrations.migrate(database);
        System.out.println(quickstart(server, database, migrated, dataDirectory));
        stopped.await();
    }

    /** The product's database on the server, created on first run. */
    static DatabaseCoordinates ensureDatabase(DatabaseCoordinates admin, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.username(), admin.password());
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        }
        return admin.withDatabase(name);
    }

    static String quickstart(PostgresServer server, DatabaseCoordinates database, MigrateResult migrated, Path dataDirectory) {
        String where = switch (server.origin()) {
            case "embedded" -> "an embedded PostgreSQL, data kept in " + dataDirectory;
            case "environment" -> "the PostgreSQL at " + PostgresChooser.URL_VARIABLE;
            default -> "a " + server.origin() + " PostgreSQL";
        };
        String applied = migrated.migrationsExecuted == 0
                ? "already at schema version " + migrated.initialSchemaVersion
                : migrated.migrationsExecuted + " migration(s) applied, now at version " + migrated.targetSchemaVersion;
        return """

                wa-gateway local run
                  database:    %s (%s)
                  schema:      %s
                  JDBC URL:    %s
                  user:        %s
                  psql:        %s
                  for a function, set:
                    DATASOURCES_DEFAULT_URL=%s
                    DATASOURCES_DEFAULT_USERNAME=%s

                The HTTP functions are not served here yet; this run provides their database.
                Stop with Ctrl-C.
                """.formatted(database.redactedUrl(), where, applied, database.redactedUrl(), database.username(),
                psqlCommand(database), database.redactedUrl(), database.username());
    }

    private static String psqlCommand(DatabaseCoordinates database) {
        String withoutScheme = database.jdbcUrl().substring("jdbc:postgresql://".length());
        int query = withoutScheme.indexOf('?');
        String hostPortDb = query < 0 ? withoutScheme : withoutScheme.substring(0, query);
        return "psql postgresql://" + database.username() + "@" + hostPortDb;
    }
}
