package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.DatabaseSettings;
import dev.wagateway.schema.SchemaMigrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migrations this jar ships that the target has not applied, as "V51 message stats", oldest first. Asked
 * without Flyway where the migrations can be listed (a folder or a jar on the class path): Flyway's answer loads
 * and checksums every migration in a cold JVM, 3-4 s of a cutover delta's 14 s (100k messages, load 9), while the
 * question is only which shipped versions {@code flyway_schema_history} does not record as applied. A shipped
 * version older than the database's that it never got counts as not applied too (Flyway calls it ignored; migrate
 * refuses such a database, so refusing to import into it is the same answer, earlier).
 */
final class PendingMigrations {

    private static final String FOLDER = SchemaMigrations.LOCATION.substring("classpath:".length());
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.+)\\.sql");

    private PendingMigrations() {
    }

    static List<String> of(DatabaseSettings database) {
        TreeMap<String, String> shipped = shipped();
        if (shipped == null || shipped.isEmpty()) {
            return SchemaMigrations.pending(database.url(), database.username(), database.password());
        }
        Set<String> applied = applied(database);
        List<String> pending = new ArrayList<>();
        shipped.forEach((version, description) -> {
            if (!applied.contains(version)) {
                pending.add("V" + version + " " + description);
            }
        });
        return pending;
    }

    /** Version -> description of every versioned SQL migration on the class path; null when they cannot be listed. */
    private static TreeMap<String, String> shipped() {
        TreeMap<String, String> shipped = new TreeMap<>(PendingMigrations::compareVersions);
        try {
            for (URL url : Collections.list(PendingMigrations.class.getClassLoader().getResources(FOLDER))) {
                List<String> names;
                switch (url.getProtocol()) {
                    case "file" -> {
                        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                            names = files.map(file -> file.getFileName().toString()).toList();
                        }
                    }
                    case "jar" -> {
                        JarURLConnection connection = (JarURLConnection) url.openConnection();
                        connection.setUseCaches(false);
                        try (JarFile jar = connection.getJarFile()) {
                            names = jar.stream().map(JarEntry::getName).filter(name -> name.startsWith(FOLDER + "/"))
                                    .map(name -> name.substring(FOLDER.length() + 1)).filter(name -> !name.contains("/")).toList();
                        }
                    }
                    default -> {
                        return null;
                    }
                }
                for (String name : names) {
                    if (name.startsWith("R__") || (name.endsWith(".sql") && !VERSIONED.matcher(name).matches())) {
                        // Repeatable or otherwise named migrations: Flyway knows their rules, this shortcut does not.
                        return null;
                    }
                    Matcher matcher = VERSIONED.matcher(name);
                    if (matcher.matches()) {
                        shipped.put(matcher.group(1).replace('_', '.'), matcher.group(2).replace('_', ' '));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            return null;
        }
        return shipped;
    }

    private static Set<String> applied(DatabaseSettings database) {
        Set<String> applied = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password());
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return applied;
                }
            }
            try (ResultSet result = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
                while (result.next()) {
                    applied.add(result.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the target's migration history: " + e.getMessage(), e);
        }
        return applied;
    }

    /** Flyway's order: numeric parts left to right (1.10 after 1.9). */
    private static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int order = Comparator.<java.math.BigInteger>naturalOrder().compare(
                    new java.math.BigInteger(i < left.length ? left[i] : "0"), new java.math.BigInteger(i < right.length ? right[i] : "0"));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
