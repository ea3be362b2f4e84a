package dev.wagateway.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Finds the real PostgreSQL that tests and the local run use, in this order:
 * a JDBC URL from the environment, Testcontainers when a Docker engine answers, embedded PostgreSQL.
 */
public final class PostgresChooser {

    /** JDBC URL of a PostgreSQL to use instead of starting one; its user must be allowed to create databases. */
    public static final String URL_VARIABLE = "DEVDB_URL";
    public static final String USERNAME_VARIABLE = "DEVDB_USERNAME";
    public static final String PASSWORD_VARIABLE = "DEVDB_PASSWORD";
    /** Set to {@code false} to skip the Docker probe (it costs a few seconds where no engine runs). */
    public static final String TESTCONTAINERS_VARIABLE = "DEVDB_TESTCONTAINERS";

    static final String POSTGRES_IMAGE = "postgres:16-alpine";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChooser.class);

    private final Map<String, String> environment;
    private final Supplier<Boolean> dockerAvailable;

    public PostgresChooser() {
        this(System.getenv(), PostgresChooser::dockerAnswers);
    }

    PostgresChooser(Map<String, String> environment, Supplier<Boolean> dockerAvailable) {
        this.environment = environment;
        this.dockerAvailable = dockerAvailable;
    }

    /** A server for tests: throw-away, tuned for speed over durability. */
    public PostgresServer chooseForTests() {
        return choose(null, 0);
    }

    /**
     * For tests, a server found rather than started here: the environment's, or a Testcontainers one when a
     * Docker engine answers. Empty: the caller starts an embedded one ({@link #startEmbeddedForTests}).
     */
    Optional<PostgresServer> givenOrContainerForTests() {
        return given().or(this::container);
    }

    private Optional<PostgresServer> given() {
        Optional<PostgresServer> given = fromEnvironment();
        given.ifPresent(server -> LOG.info("PostgreSQL: using {} from {} ({})", server.adminDatabase().redactedUrl(),
                URL_VARIABLE, "environment"));
        return given;
    }

    private Optional<PostgresServer> container() {
        if ("false".equalsIgnoreCase(environment.get(TESTCONTAINERS_VARIABLE)) || !dockerAvailable.get()) {
            return Optional.empty();
        }
        PostgresServer container = startContainer();
        LOG.info("PostgreSQL: started a Testcontainers {} at {}", POSTGRES_IMAGE, container.adminDatabase().redactedUrl());
        return Optional.of(container);
    }

    /**
     * An embedded throw-away server on {@code dataDirectory} (initialised first when it holds no cluster; null: one
     * of the embedded library's own).
     *
     * @param keep whether the data directory stays when the server stops (a snapshot being built) or goes (a copy)
     */
    static PostgresServer startEmbeddedForTests(Path dataDirectory, boolean keep) {
        PostgresServer server = startEmbedded(dataDirectory, 0, false, keep ? null : dataDirectory);
        LOG.info("PostgreSQL: started an embedded server at {} (no {} given, Testcontainers not used)",
                server.adminDatabase().redactedUrl(), URL_VARIABLE);
        return server;
    }

    /**
     * A server for the local run: with no URL given, an embedded server that keeps its data in
     * {@code dataDirectory} across runs and listens on {@code port} (0: any free port).
     */
    public PostgresServer chooseForLocalRun(Path dataDirectory, int port) {
        return choose(dataDirectory, port);
    }

    private PostgresServer choose(Path persistentDataDirectory, int port) {
        // The local run (a kept data directory) never uses Testcontainers.
        Optional<PostgresServer> found = persistentDataDirectory == null ? givenOrContainerForTests() : given();
        if (found.isPresent()) {
            return found.get();
        }
        PostgresServer embedded = startEmbedded(persistentDataDirectory, port, persistentDataDirectory != null, null);
        LOG.info("PostgreSQL: started an embedded server at {} (no {} given{})", embedded.adminDatabase().redactedUrl(),
                URL_VARIABLE, persistentDataDirectory == null ? ", Testcontainers not used" : "");
        return embedded;
    }

    Optional<PostgresServer> fromEnvironment() {
        String url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(URL_VARIABLE + " must be a jdbc:postgresql:// URL");
        }
        DatabaseCoordinates coordinates = new DatabaseCoordinates(url,
                environment.getOrDefault(USERNAME_VARIABLE, "postgres"),
                environment.getOrDefault(PASSWORD_VARIABLE, ""));
        return Optional.of(new GivenServer(coordinates));
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static PostgresServer startContainer() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(POSTGRES_IMAGE)
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        container.start();
        DatabaseCoordinates admin = new DatabaseCoordinates(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        return new StartedServer("testcontainers", admin, container::stop);
    }

    /**
     * @param dataDirectory where the cluster lives (initialised when it holds none, kept as it is otherwise); null:
     *                      a new one of the embedded library's own, deleted when the server stops
     * @param durable       whether a commit must survive a crash (the local run's kept data)
     * @param deleteOnStop  a directory (of ours: the embedded library would keep it) to delete once the server
     *                      stops, by {@code close} or at the JVM's exit
     */
    private static PostgresServer startEmbedded(Path dataDirectory, int port, boolean durable, Path deleteOnStop) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200");
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (deleteOnStop != null) {
                // Our hook below stops the server and then deletes; the library's own would only stop it.
                builder.setRegisterShutdownHook(false);
            }
            if (!durable) {
                // Throw-away data: durability buys nothing and costs every test time.
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            } else {
                // Kept data (the local run) must survive a crash: a delivery answered 200 is on disk. Said
                // outright, since the embedded builder's own defaults turn synchronous_commit off.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            DatabaseCoordinates admin = new DatabaseCoordinates(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
            AtomicBoolean stopped = new AtomicBoolean();
            Runnable stop = () -> {
                if (!stopped.compareAndSet(false, true)) {
                    return;
                }
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    MigratedSnapshot.deleteTree(deleteOnStop);
                }
            };
            if (deleteOnStop != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop, "devdb-embedded-stop"));
            }
            return new StartedServer("embedded", admin, stop);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    private record GivenServer(DatabaseCoordinates adminDatabase) implements PostgresServer {
        @Override
        public String origin() {
            return "environment";
        }

        @Override
        public void close() {
            // Not ours to stop.
        }
    }

    private record StartedServer(String origin, DatabaseCoordinates adminDatabase, Runnable stop) implements PostgresServer {
        @Override
        public void close() {
            stop.run();
        }
    }
}
