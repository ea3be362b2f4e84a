package dev.wagateway.dbmigrate.importer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The legacy SQLite file, read-only: its tables, and their rows streamed in rowid order. */
final class SourceDatabase implements AutoCloseable {

    /** Streams rows to a consumer: the rowid, then the table's columns in order. */
    @FunctionalInterface
    interface RowConsumer {
        void accept(long rowid, Object[] values) throws Exception;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> rowStatements = new HashMap<>();

    SourceDatabase(Path file) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    List<String> columns(String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
            while (result.next()) {
                names.add(result.getString("name"));
            }
        }
        return names;
    }

    long count(String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The table's AUTOINCREMENT high-water mark, when SQLite keeps one. */
    OptionalLong sequence(String table) throws SQLException {
        try (Statement check = connection.createStatement();
             ResultSet exists = check.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")) {
            if (!exists.next()) {
                return OptionalLong.empty();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    void stream(String table, RowConsumer consumer) throws Exception {
        int columns = columns(table).size();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery("SELECT rowid, * FROM " + quote(table) + " ORDER BY rowid")) {
                while (result.next()) {
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = read(result, i + 2);
                    }
                    consumer.accept(result.getLong(1), values);
                }
            }
        }
    }

    /** One row as it is in the file, by rowid; null when there is none. */
    Object[] row(String table, long rowid) throws SQLException {
        // Asked once per rejected or merged row: one prepared statement per table, kept until close.
        PreparedStatement statement = rowStatements.get(table);
        if (statement == null) {
            statement = connection.prepareStatement("SELECT * FROM " + quote(table) + " WHERE rowid = ?");
            rowStatements.put(table, statement);
        }
        statement.setLong(1, rowid);
        try (ResultSet result = statement.executeQuery()) {
            if (!result.next()) {
                return null;
            }
            Object[] values = new Object[result.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = read(result, i + 1);
            }
            return values;
        }
    }

    /**
     * A value as SQLite holds it: Long, Double, String, byte[] or null. Text with a NUL, or bytes that
     * are not UTF-8 (the driver shows them as U+FFFD), comes back as {@link BrokenText}.
     */
    private static Object read(ResultSet result, int index) throws SQLException {
        Object value = result.getObject(index);
        if (value instanceof Integer n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            boolean nul = s.indexOf('\0') >= 0;
            if (s.indexOf('\uFFFD') >= 0) {
                byte[] original = result.getBytes(index);
                if (!isUtf8(original)) {
                    return new BrokenText(s.replace('\0', '\uFFFD'), original);
                }
            }
            if (nul) {
                return new BrokenText(s.replace('\0', '\uFFFD'), s.getBytes(StandardCharsets.UTF_8));
            }
        }
        return value;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : rowStatements.values()) {
            statement.close();
        }
        connection.close();
    }
}
