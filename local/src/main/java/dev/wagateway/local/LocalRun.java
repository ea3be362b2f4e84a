package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.PostgresChooser;
import dev.wagateway.devdb.PostgresServer;
import dev.wagateway.schema.SchemaMigrations;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local run ({@code scripts/run}): a real PostgreSQL (the given {@code DEVDB_URL}, or an embedded
 * server whose data stays in {@code ~/.wa-gateway/postgres} between runs), the product's database on
 * it, migrated, and every HTTP function on one port ({@link LocalServer}). Runs until stopped (Ctrl-C).
 */
public final class LocalRun {

    static final String DATABASE = "wagateway";
    static final String DATA_DIRECTORY_VARIABLE = "LOCAL_POSTGRES_DIR";
    static final String POSTGRES_PORT_VARIABLE = "LOCAL_POSTGRES_PORT";
    static final int DEFAULT_POSTGRES_PORT = 54329;
    static final String PORT_VARIABLE = "PORT";
    static final int DEFAULT_PORT = 8080;
    static final String API_KEY_FILE = "local-api-key";
    static final String USAGE = "usage: scripts/run [--port N]   (default 8080, or the PORT variable)";

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> environment = System.getenv();
        int port;
        try {
            port = port(args, environment);
            LocalServer.requireFreePort(port);
        } catch (IllegalArgumentException | LocalServer.PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path home = Path.of(System.getProperty("user.home"), ".wa-gateway");
        Path dataDirectory = Path.of(environment.getOrDefault(DATA_DIRECTORY_VARIABLE, home.resolve("postgres").toString()));
        int postgresPort = Integer.parseInt(environment.getOrDefault(POSTGRES_PORT_VARIABLE, String.valueOf(DEFAULT_POSTGRES_PORT)));

        PostgresServer postgres = new PostgresChooser().chooseForLocalRun(dataDirectory, postgresPort);
        LocalServer[] server = new LocalServer[1];
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The functions first: their connections go before the database does.
            if (server[0] != null) {
                server[0].close();
            }
            postgres.close();
            stopped.countDown();
        }, "local-run-stop"));

        DatabaseCoordinates database = ensureDatabase(postgres.adminDatabase(), DATABASE);
        Path apiKeyFile = apiKeyFile(postgres, database, dataDirectory, home);
        SchemaMigrations.Outcome migrated = migrate(database);
        boolean metaGraph = !environment.getOrDefault("WHATSAPP_ACCESS_TOKEN", "").isBlank();
        try {
            server[0] = LocalServer.start(new LocalServer.Options(database, port, metaGraph, apiKeyFile));
        } catch (LocalServer.PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        System.out.println(Quickstart.render(server[0], environment, describe(postgres, database, migrated, dataDirectory),
                apiKeyFile.toString()));
        stopped.await();
    }

    /** {@code --port N} or {@code --port=N}, else {@code PORT}, else 8080. */
    static int port(String[] args, Map<String, String> environment) {
        String given = environment.getOrDefault(PORT_VARIABLE, String.valueOf(DEFAULT_PORT));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                given = args[++i];
            } else if (args[i].startsWith("--port=")) {
                given = args[i].substring("--port=".length());
            } else {
                throw new IllegalArgumentException(USAGE);
            }
        }
        try {
            int port = Integer.parseInt(given.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("The port must be a number from 1 to 65535, not '" + given + "'. " + USAGE);
    }

    /**
     * The key lives with the data it opens: inside the embedded server's data directory, or (for a
     * server named by {@code DEVDB_URL}) in a file of that database's own under {@code home}. Two runs
     * over different data then never overwrite each other's key.
     */
    static Path apiKeyFile(PostgresServer server, DatabaseCoordinates database, Path dataDirectory, Path home) {
        if (server.origin().equals("embedded")) {
            return dataDirectory.resolve(API_KEY_FILE);
        }
        String where = database.redactedUrl() + " " + database.username();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            return home.resolve(API_KEY_FILE + "-" + HexFormat.of().formatHex(digest, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** In strict order, as db-migrate migrates a deployed database: what runs here runs there. */
    static SchemaMigrations.Outcome migrate(DatabaseCoordinates database) {
        return SchemaMigrations.migrate(database.jdbcUrl(), database.username(), database.password());
    }

    static String describe(PostgresServer server, DatabaseCoordinates database, SchemaMigrations.Outcome migrated, Path dataDirectory) {
        String where = switch (server.origin()) {
            case "embedded" -> "an embedded PostgreSQL, data in " + dataDirectory;
            case "environment" -> "the PostgreSQL at " + PostgresChooser.URL_VARIABLE;
            default -> "a " + server.origin() + " PostgreSQL";
        };
        String schema = migrated.applied().isEmpty()
                ? "schema at version " + migrated.schemaVersion()
                : migrated.applied().size() + " migration(s) applied, schema at version " + migrated.schemaVersion();
        return where + " (" + schema + ")\n             " + psqlCommand(database)
                + "\n             for db-migrate: DATASOURCES_DEFAULT_URL=" + database.redactedUrl()
                + " DATASOURCES_DEFAULT_USERNAME=" + database.username();
    }

    private static String psqlCommand(DatabaseCoordinates database) {
        String withoutScheme = database.jdbcUrl().substring("jdbc:postgresql://".length());
        int query = withoutScheme.indexOf('?');
        String hostPortDb = query < 0 ? withoutScheme : withoutScheme.substring(0, query);
        return "psql postgresql://" + database.username() + "@" + hostPortDb;
    }
}
