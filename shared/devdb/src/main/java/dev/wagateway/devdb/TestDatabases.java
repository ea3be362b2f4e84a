package dev.wagateway.devdb;

import dev.wagateway.schema.SchemaMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per test JVM, and a fresh migrated database for every caller.
 *
 * <p>The migrations run once per JVM, into a template database; each {@link #create} clones it
 * ({@code CREATE DATABASE ... TEMPLATE}), which is faster than migrating again and gives every
 * test class rows of its own. Databases made here are dropped when the JVM exits.
 */
public final class TestDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN_ID = Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.nanoTime() % 1_000_000, 36);

    private static TestDatabases instance;

    private final PostgresServer server;
    private final String templateName;
    private final List<String> created = new ArrayList<>();

    /** On a server found (shared with other JVMs): a template of this JVM's own, migrated here. */
    private TestDatabases(PostgresServer server) {
        this.server = server;
        this.templateName = "devdb_" + RUN_ID + "_template";
        execute(server.adminDatabase(), "CREATE DATABASE " + templateName);
        created.add(templateName);
        long started = System.nanoTime();
        DatabaseCoordinates template = server.adminDatabase().withDatabase(templateName);
        var result = SchemaMigrations.migrate(template.jdbcUrl(), template.username(), template.password());
        LOG.info("Migrated the template database to version {} in {} ms", result.schemaVersion(),
                (System.nanoTime() - started) / 1_000_000);
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "devdb-cleanup"));
    }

    /** On this JVM's own embedded server, started on a copy of the migrated snapshot: its template is there already. */
    private TestDatabases(PostgresServer server, String templateName) {
        this.server = server;
        this.templateName = templateName;
    }

    /** The JVM's server, started (or found) on first use. */
    public static synchronized TestDatabases instance() {
        if (instance == null) {
            PostgresChooser chooser = new PostgresChooser();
            instance = chooser.givenOrContainerForTests().map(TestDatabases::new).orElseGet(TestDatabases::embedded);
        }
        return instance;
    }

    private static TestDatabases embedded() {
        long started = System.nanoTime();
        PostgresServer server;
        try {
            server = MigratedSnapshot.start();
        } catch (RuntimeException e) {
            // The snapshot is a shortcut: without it, the long way (initdb, every migration) gives the same database.
            LOG.warn("No migrated snapshot ({}); migrating a template database here", e.toString());
            return new TestDatabases(PostgresChooser.startEmbeddedForTests(null, false));
        }
        LOG.info("Embedded PostgreSQL on a copy of the migrated snapshot, ready in {} ms", (System.nanoTime() - started) / 1_000_000);
        return new TestDatabases(server, MigratedSnapshot.TEMPLATE);
    }

    public String origin() {
        return server.origin();
    }

    /** A new database with the whole schema migrated and no rows of anyone else's. */
    public synchronized DatabaseCoordinates create(String hint) {
        String name = "devdb_" + RUN_ID + "_" + COUNTER.incrementAndGet() + "_" + sanitize(hint);
        execute(server.adminDatabase(), "CREATE DATABASE " + name + " TEMPLATE " + templateName);
        created.add(name);
        return server.adminDatabase().withDatabase(name);
    }

    /** {@link #create} as the Micronaut properties of the default datasource. */
    public static Map<String, String> freshDatasourceProperties(Class<?> testClass) {
        return instance().create(testClass.getSimpleName()).datasourceProperties();
    }

    /** A database that has NOT been migrated, for tests of the migrations themselves. */
    public synchronized DatabaseCoordinates createEmpty(String hint) {
        String name = "devdb_" + RUN_ID + "_" + COUNTER.incrementAndGet() + "_" + sanitize(hint);
        execute(server.adminDatabase(), "CREATE DATABASE " + name);
        created.add(name);
        return server.adminDatabase().withDatabase(name);
    }

    private static String sanitize(String hint) {
        String cleaned = hint.toLowerCase().replaceAll("[^a-z0-9]", "");
        return cleaned.substring(0, Math.min(cleaned.length(), 30));
    }

    private synchronized void dropAll() {
        if (!"environment".equals(server.origin())) {
            return; // the server goes away with the JVM, and its data with it
        }
        for (String name : created.reversed()) {
            try {
                execute(server.adminDatabase(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                LOG.warn("Could not drop test database {}: {}", name, e.getMessage());
            }
        }
    }

    static void execute(DatabaseCoordinates database, String sql) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed on " + database.redactedUrl() + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
