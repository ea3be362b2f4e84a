package dev.wagateway.devdb;

import dev.wagateway.schema.SchemaMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL's data directory, initialised and with the template database migrated, kept in the
 * temporary directory and copied for each test JVM. Every module's test JVM used to run {@code initdb} and
 * every migration (about 8 s on an idle 2-core machine, 18 modules): a copy takes well under a second.
 *
 * <p>The snapshot is named by a hash of every migration on the classpath and of the PostgreSQL binaries,
 * so a changed, added or removed migration (or another PostgreSQL) makes a new one: a test never runs on a
 * schema its classpath does not describe. Each JVM starts its own server on its own copy (nothing is shared
 * while running), and the copy is deleted when the server stops.
 */
final class MigratedSnapshot {

    /** The migrated database inside the snapshot, the template of every test database. */
    static final String TEMPLATE = "devdb_template";

    private static final Logger LOG = LoggerFactory.getLogger(MigratedSnapshot.class);
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "wagateway-devdb");
    private static final String READY = "READY";
    private static final String MIGRATIONS = "db/migration";
    // The embedded binaries' resource names (zonky): their jar's path carries the PostgreSQL version.
    private static final List<String> BINARIES = List.of("postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz",
            "postgres-linux-x86_64-alpine_linux.txz", "postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz");
    // Files of a running server that a copy must not carry.
    private static final List<String> NOT_COPIED = List.of("postmaster.pid", "postmaster.opts", "epg-lock");
    private static final Duration STALE = Duration.ofDays(1);

    private MigratedSnapshot() {
    }

    /** A started embedded server on a fresh copy of the snapshot (built first when there is none for these migrations). */
    static PostgresServer start() {
        try {
            Files.createDirectories(ROOT);
            String key = key();
            Path snapshot = ROOT.resolve("snapshot-" + key);
            if (!Files.isRegularFile(snapshot.resolve(READY))) {
                build(snapshot);
            }
            // Last used now: the tidying below (any JVM's) removes only what no build used for a day.
            Files.setLastModifiedTime(snapshot, java.nio.file.attribute.FileTime.from(Instant.now()));
            removeStale(snapshot);
            Path copy = Files.createTempDirectory(ROOT, "data-");
            copyTree(snapshot.resolve("data"), copy);
            return PostgresChooser.startEmbeddedForTests(copy, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the migrated PostgreSQL snapshot in " + ROOT, e);
        }
    }

    private static void build(Path snapshot) throws IOException {
        long started = System.nanoTime();
        Path building = Files.createTempDirectory(ROOT, "building-");
        try (PostgresServer server = PostgresChooser.startEmbeddedForTests(building.resolve("data"), true)) {
            TestDatabases.execute(server.adminDatabase(), "CREATE DATABASE " + TEMPLATE);
            DatabaseCoordinates template = server.adminDatabase().withDatabase(TEMPLATE);
            SchemaMigrations.migrate(template.jdbcUrl(), template.username(), template.password());
        }
        Files.writeString(building.resolve(READY), snapshot.getFileName().toString());
        try {
            Files.move(building, snapshot, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Built the migrated PostgreSQL snapshot {} in {} ms", snapshot, (System.nanoTime() - started) / 1_000_000);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            // Another JVM built the same snapshot meanwhile: theirs serves, ours goes.
            deleteTree(building);
        }
    }

    /** A hash of every migration's name and bytes on the classpath, and of where the PostgreSQL binaries come from. */
    static String key() throws IOException {
        ClassLoader loader = MigratedSnapshot.class.getClassLoader();
        List<String> binaries = new ArrayList<>();
        for (String binary : BINARIES) {
            Collections.list(loader.getResources(binary)).forEach(url -> binaries.add(url.toString()));
        }
        return key(migrations(), binaries);
    }

    static String key(SortedMap<String, byte[]> migrations, List<String> binaries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            migrations.forEach((name, bytes) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
            });
            for (String binary : binaries) {
                digest.update(binary.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under {@code classpath:db/migration}, by path, with its bytes. */
    static SortedMap<String, byte[]> migrations() throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        for (URL root : Collections.list(MigratedSnapshot.class.getClassLoader().getResources(MIGRATIONS))) {
            readMigrations(root, files);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No migrations under classpath:" + MIGRATIONS);
        }
        return files;
    }

    private static void readMigrations(URL root, TreeMap<String, byte[]> files) throws IOException {
        if ("jar".equals(root.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) root.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (!entry.isDirectory() && entry.getName().startsWith(MIGRATIONS + "/")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
            return;
        }
        Path directory;
        try {
            directory = Path.of(root.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("Cannot read migrations at " + root, e);
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(MIGRATIONS + "/" + directory.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!NOT_COPIED.contains(source.getFileName().toString())) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        // PostgreSQL refuses a data directory others may read.
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    /** Snapshots of other migrations and copies left by JVMs that were killed, once a day old. */
    private static void removeStale(Path current) {
        Instant cutoff = Instant.now().minus(STALE);
        try (Stream<Path> entries = Files.list(ROOT)) {
            for (Path entry : entries.toList()) {
                if (!entry.equals(current) && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not tidy {}: {}", ROOT, e.toString());
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", root, e.toString());
        }
    }
}
