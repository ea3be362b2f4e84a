package dev.wagateway.dbmigrate.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** A small legacy SQLite file made by a test: the legacy schema, then whatever rows the test needs. */
final class LegacyFile implements AutoCloseable {

    final Path path;
    private final Connection connection;

    private LegacyFile(Path path) throws SQLException {
        this.path = path;
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + path);
    }

    /** A file with the legacy schema and no rows. */
    static LegacyFile create(Path directory, String name) throws SQLException, IOException {
        LegacyFile file = new LegacyFile(directory.resolve(name + ".db"));
        String ddl;
        try (InputStream input = LegacyFile.class.getResourceAsStream("/legacy/schema.sql")) {
            ddl = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String part : ddl.replaceAll("(?m)--.*$", "").split(";")) {
            if (!part.isBlank()) {
                file.sql(part);
            }
        }
        file.sql("PRAGMA foreign_keys = OFF");
        return file;
    }

    /** A SQLite file with no table at all: the test makes the ones it needs. */
    static LegacyFile empty(Path directory, String name) throws SQLException {
        LegacyFile file = new LegacyFile(directory.resolve(name + ".db"));
        file.sql("PRAGMA user_version = 1"); // writes the header page: a real, empty SQLite database
        return file;
    }

    /** A copy of a file from the test resources. */
    static Path copyOf(String resource, Path directory) throws IOException {
        Path target = directory.resolve(Path.of(resource).getFileName().toString());
        try (InputStream input = LegacyFile.class.getResourceAsStream(resource)) {
            Files.copy(input, target);
        }
        return target;
    }

    /**
     * Two messages whose ids are different bytes in SQLite but one text once their invalid UTF-8 is
     * replaced: the import cannot rebuild the primary key, so the run fails at its very end.
     */
    static Path withAnIdThatCannotStayUnique(Path directory, String name) throws SQLException, IOException {
        try (LegacyFile file = create(directory, name)) {
            file.sql("INSERT INTO messages (id, phone, direction, type, content, status, created_at, updated_at) VALUES "
                    + "(CAST(X'6D73675FFF' AS TEXT), '+14155550101', 'in', 'text', 'a', 'received', '2024-11-18 03:20:00', '2024-11-18 03:20:00'), "
                    + "(CAST(X'6D73675FFE' AS TEXT), '+14155550101', 'in', 'text', 'b', 'received', '2024-11-18 03:20:00', '2024-11-18 03:20:00')");
            return file.path;
        }
    }

    LegacyFile sql(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
        return this;
    }

    /** Inserts one row; values are bound as given (Long, Double, String, byte[] or null keep SQLite's types). */
    LegacyFile insert(String table, String columns, Object... values) throws SQLException {
        String marks = "?" + ", ?".repeat(values.length - 1);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
        return this;
    }

    /** A minimal valid message row. */
    LegacyFile message(String id, String phone, String direction, String status, String content) throws SQLException {
        return insert("messages", "id, phone, direction, type, content, status, created_at, updated_at",
                id, phone, direction, "text", content, status, "2024-11-18 03:20:00", "2024-11-18 03:20:05");
    }

    LegacyFile contact(String id, String phone, String name, String updatedAt) throws SQLException {
        return insert("contacts", "id, phone, name, created_at, updated_at", id, phone, name, "2024-01-01 00:00:00", updatedAt);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
