package dev.wagateway.dbmigrate.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The legacy SQLite file, read-only and as one snapshot: every read of a run happens inside one read
 * transaction, so a writer that is still using the file cannot make two tables disagree. Its tables
 * (ordinary, WITHOUT ROWID and virtual ones), their columns by name (generated ones too), and their rows
 * streamed in a stable order, each with a key that identifies it within the run.
 */
final class SourceDatabase implements AutoCloseable {

    /** Streams rows to a consumer: the row's key, then the table's columns in {@link #columns} order. */
    @FunctionalInterface
    interface RowConsumer {
        void accept(long key, Object[] values) throws Exception;
    }

    /**
     * How a table's rows are identified: by SQLite's rowid under one of its three names (whichever no
     * column shadows), or, for WITHOUT ROWID tables and tables that shadow all three, by position in
     * primary-key (or scan) order, which is stable within the one snapshot a run reads.
     */
    private record Layout(String name, List<String> columns, String rowid, String order) {
    }

    private final Path file;
    private final Connection connection;
    private final boolean removeWalFilesOnClose;
    private final Map<String, Layout> layouts = new HashMap<>();
    private final Map<String, PreparedStatement> rowStatements = new HashMap<>();
    private final List<String> tables = new ArrayList<>();
    private final Map<String, String> shadowTables = new LinkedHashMap<>();
    private final Map<String, Long> counts = new HashMap<>();

    private SourceDatabase(Path file, Connection connection, boolean removeWalFilesOnClose) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.removeWalFilesOnClose = removeWalFilesOnClose;
        listTables();
    }

    static SourceDatabase open(Path file) throws SQLException, IOException {
        Path absolute = file.toAbsolutePath();
        Path wal = Path.of(absolute + "-wal");
        Path shm = Path.of(absolute + "-shm");
        boolean walMode = isWalMode(absolute);
        boolean walFilesThere = Files.exists(wal) || Files.exists(shm);
        Path folder = absolute.getParent();
        String url = "jdbc:sqlite:" + absolute;
        if (walMode && !walFilesThere && folder != null && !Files.isWritable(folder)) {
            // Nothing is waiting in a -wal file, and no writer can make one in this folder: the file is all there
            // is, and SQLite may read it without the -shm file it cannot create here.
            url = "jdbc:sqlite:file:" + absolute + "?immutable=1";
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, config.toProperties());
            connection.setAutoCommit(false);
            // The first read starts the read transaction; every later read sees the same snapshot.
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM sqlite_schema").close();
            }
        } catch (SQLException e) {
            if (walMode && String.valueOf(e.getMessage()).contains("CANTOPEN")) {
                throw new ImportRefusedException(file + " is in WAL mode and SQLite cannot open it read-only here: it needs to "
                        + "create " + shm.getFileName() + " beside it, and " + folder + " is not writable. Copy the file (with its "
                        + wal.getFileName() + ", if there is one) into a writable folder and import the copy. Nothing was written.");
            }
            throw e;
        }
        return new SourceDatabase(absolute, connection, walMode && !walFilesThere);
    }

    private static boolean isWalMode(Path file) throws IOException {
        // Bytes 18 and 19 of the header are the file format's write and read versions: 2 means WAL.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(20);
            return header.length == 20 && header[18] == 2 && header[19] == 2;
        }
    }

    private void listTables() throws SQLException {
        List<String[]> all = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA main.table_list")) {
            while (result.next()) {
                all.add(new String[] {result.getString("name"), result.getString("type"), result.getString("wr")});
            }
        }
        all.sort(java.util.Comparator.comparing(row -> row[0]));
        for (String[] row : all) {
            String name = row[0];
            // Only SQLite's own tables: the prefix is reserved (LIKE 'sqlite_%' would also match 'sqlitesettings').
            if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                continue;
            }
            switch (row[1]) {
                case "table", "virtual" -> {
                    tables.add(name);
                    layouts.put(key(name), layout(name, "1".equals(row[2])));
                }
                case "shadow" -> shadowTables.put(name, ownerOf(name));
                default -> {
                    // views hold no rows of their own
                }
            }
        }
    }

    private Layout layout(String table, boolean withoutRowid) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> everyName = new ArrayList<>();
        Map<Integer, String> primaryKey = new java.util.TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA main.table_xinfo(" + quote(table) + ")")) {
            while (result.next()) {
                String name = result.getString("name");
                everyName.add(name.toLowerCase(Locale.ROOT));
                // hidden 1: a virtual table's hidden column (FTS5's own table-name and rank columns), not data.
                // hidden 2 and 3: generated columns, whose values are kept too.
                if (result.getInt("hidden") != 1) {
                    columns.add(name);
                }
                if (result.getInt("pk") > 0) {
                    primaryKey.put(result.getInt("pk"), name);
                }
            }
        }
        String rowid = null;
        if (!withoutRowid) {
            for (String alias : List.of("rowid", "_rowid_", "oid")) {
                if (!everyName.contains(alias)) {
                    rowid = alias;
                    break;
                }
            }
        }
        String order = rowid != null ? rowid
                : primaryKey.isEmpty() ? null
                : primaryKey.values().stream().map(SourceDatabase::quote).collect(Collectors.joining(", "));
        return new Layout(table, List.copyOf(columns), rowid, order);
    }

    /** An FTS shadow table belongs to the virtual table whose name is its prefix (notes_data -> notes). */
    private String ownerOf(String shadow) throws SQLException {
        String owner = null;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")) {
            while (result.next()) {
                String name = result.getString(1);
                if (shadow.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + "_")
                        && (owner == null || name.length() > owner.length())) {
                    owner = name;
                }
            }
        }
        return owner;
    }

    Path file() {
        return file;
    }

    /** The tables whose rows are data: ordinary, WITHOUT ROWID and virtual tables, by name; not SQLite's own nor shadow tables. */
    List<String> tables() {
        return tables;
    }

    /** The file's name for a table, matched as SQLite matches names (case-insensitively); null when there is none. */
    String table(String name) {
        Layout layout = layouts.get(key(name));
        return layout == null ? null : layout.name();
    }

    /** Tables SQLite keeps for a virtual table (FTS indexes), each with the virtual table they belong to: derived data. */
    Map<String, String> shadowTables() {
        return shadowTables;
    }

    /** The table's columns as the file names them, generated ones included, in declaration order. */
    List<String> columns(String table) {
        return layout(table).columns();
    }

    /**
     * Rows of a table (shadow tables too). Counted once: the run reads one snapshot, and the checks before writing
     * and each table's import ask again (a count of messages reads the whole table, 1M rows).
     */
    long count(String table) throws SQLException {
        Long known = counts.get(key(table));
        if (known != null) {
            return known;
        }
        Layout layout = layouts.get(key(table));
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + quote(layout == null ? table : layout.name()))) {
            result.next();
            counts.put(key(table), result.getLong(1));
            return result.getLong(1);
        }
    }

    /** The table's AUTOINCREMENT high-water mark, when SQLite keeps one. */
    OptionalLong sequence(String table) throws SQLException {
        try (Statement check = connection.createStatement();
             ResultSet exists = check.executeQuery("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'")) {
            if (!exists.next()) {
                return OptionalLong.empty();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ? COLLATE NOCASE")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    void stream(String table, RowConsumer consumer) throws Exception {
        Layout layout = layout(table);
        int columns = layout.columns().size();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery(select(layout) + (layout.order() == null ? "" : " ORDER BY " + layout.order()))) {
                long position = 0;
                while (result.next()) {
                    position++;
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = read(result, i + 2);
                    }
                    consumer.accept(layout.rowid() != null ? result.getLong(1) : position, values);
                }
            }
        }
    }

    /** Gets, per row, its rowid, its id as the UTF-8 text the import knows it by (or null), and its hash. */
    @FunctionalInterface
    interface HashConsumer {
        void accept(long rowid, byte[] id, long hash) throws Exception;
    }

    /** SQLite's storage classes as {@link #typeCodes} numbers them, three bits a column. */
    private static final int NULL = 0;
    private static final int INTEGER = 1;
    private static final int REAL = 2;
    private static final int TEXT = 3;
    private static final int COLUMNS_PER_CODE = 21;

    /**
     * Hashes every row of a rowid table without making Java objects of it, in rowid order: the value of each column
     * is read by its storage class (which SQLite reports for the whole row in a few integers), text and blobs as their
     * bytes. The same hash as {@link SourceRowHash#of} over the row {@link #stream} gives. Several times cheaper than
     * {@link #stream}, which decodes every text into a String: a delta hashes every row to find the few it must read.
     *
     * @param idColumn the column whose text is the row's id (-1: none); an id that is not plain text or an integer
     *                 (a blob, a real, text that is not UTF-8 or holds a NUL) is given as null
     * @return false, having read nothing, when the table has no rowid (WITHOUT ROWID, or every alias shadowed)
     */
    boolean hashRows(String table, int idColumn, SourceRowHash hash, HashConsumer consumer) throws Exception {
        Layout layout = layout(table);
        if (layout.rowid() == null) {
            return false;
        }
        int columns = layout.columns().size();
        int codes = (columns + COLUMNS_PER_CODE - 1) / COLUMNS_PER_CODE;
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery("SELECT " + layout.rowid() + typeCodes(layout.columns())
                    + (columns == 0 ? "" : ", " + layout.columns().stream().map(SourceDatabase::quote).collect(Collectors.joining(", ")))
                    + " FROM " + quote(layout.name()) + " ORDER BY " + layout.rowid())) {
                while (result.next()) {
                    hash.begin();
                    byte[] id = null;
                    long code = 0;
                    for (int i = 0; i < columns; i++) {
                        if (i % COLUMNS_PER_CODE == 0) {
                            code = result.getLong(2 + i / COLUMNS_PER_CODE);
                        }
                        int index = 2 + codes + i;
                        switch ((int) (code >>> (3 * (i % COLUMNS_PER_CODE))) & 7) {
                            case NULL -> hash.putNull();
                            case INTEGER -> {
                                long value = result.getLong(index);
                                hash.putInteger(value);
                                if (i == idColumn) {
                                    id = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
                                }
                            }
                            case REAL -> hash.putReal(result.getDouble(index));
                            case TEXT -> {
                                byte[] text = result.getBytes(index);
                                hash.putText(text);
                                if (i == idColumn && isPlainText(text)) {
                                    id = text;
                                }
                            }
                            default -> hash.putBlob(result.getBytes(index));
                        }
                    }
                    consumer.accept(result.getLong(1), id, hash.finish());
                }
            }
        }
        return true;
    }

    /** Per 21 columns, one integer that holds each column's storage class in three bits (computed by SQLite). */
    private static String typeCodes(List<String> columns) {
        StringBuilder sql = new StringBuilder();
        for (int first = 0; first < columns.size(); first += COLUMNS_PER_CODE) {
            sql.append(", (");
            for (int i = first; i < Math.min(columns.size(), first + COLUMNS_PER_CODE); i++) {
                // SQLite gives << and | one precedence: each shifted term in its own parentheses.
                sql.append(i == first ? "" : " | ").append("((CASE typeof(").append(quote(columns.get(i)))
                        .append(") WHEN 'null' THEN 0 WHEN 'integer' THEN 1 WHEN 'real' THEN 2 WHEN 'text' THEN 3 ELSE 4 END) << ")
                        .append(3 * (i - first)).append(')');
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** Text the import reads as it stands (a String with the same UTF-8 bytes): valid UTF-8 without a NUL. */
    private static boolean isPlainText(byte[] text) {
        boolean ascii = true;
        for (byte b : text) {
            if (b == 0) {
                return false;
            }
            ascii &= b >= 0;
        }
        return ascii || isUtf8(text);
    }

    /**
     * The rows of a rowid table with the given rowids (ascending), as {@link #stream} gives them, in that order.
     */
    void streamRows(String table, long[] rowids, int count, RowConsumer consumer) throws Exception {
        Layout layout = layout(table);
        int columns = layout.columns().size();
        try (PreparedStatement statement = connection.prepareStatement(select(layout) + " WHERE " + layout.rowid()
                + " IN (SELECT value FROM json_each(?)) ORDER BY " + layout.rowid())) {
            for (int from = 0; from < count; from += 10_000) {
                StringBuilder keys = new StringBuilder("[");
                for (int i = from; i < Math.min(count, from + 10_000); i++) {
                    keys.append(i == from ? "" : ",").append(rowids[i]);
                }
                statement.setString(1, keys.append(']').toString());
                try (ResultSet result = statement.executeQuery()) {
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
    }

    /** One row as it is in the file, by the key {@link #stream} gave it; null when there is none. */
    Object[] row(String table, long key) throws SQLException {
        Layout layout = layout(table);
        // Asked once per rejected or merged row: one prepared statement per table, kept until close.
        PreparedStatement statement = rowStatements.get(layout.name());
        if (statement == null) {
            statement = connection.prepareStatement(select(layout) + (layout.rowid() != null
                    ? " WHERE " + layout.rowid() + " = ?"
                    : (layout.order() == null ? "" : " ORDER BY " + layout.order()) + " LIMIT 1 OFFSET ? - 1"));
            rowStatements.put(layout.name(), statement);
        }
        statement.setLong(1, key);
        try (ResultSet result = statement.executeQuery()) {
            if (!result.next()) {
                return null;
            }
            Object[] values = new Object[layout.columns().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = read(result, i + 2);
            }
            return values;
        }
    }

    /** The key of the n-th row (from 1) in {@link #stream} order. */
    long keyAt(String table, long position) throws SQLException {
        Layout layout = layout(table);
        if (layout.rowid() == null) {
            return position;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + layout.rowid() + " FROM " + quote(layout.name())
                + " ORDER BY " + layout.order() + " LIMIT 1 OFFSET ? - 1")) {
            statement.setLong(1, position);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : -1;
            }
        }
    }

    /** Columns by name (never {@code *}: generated columns and hidden ones make positions unreliable). */
    private static String select(Layout layout) {
        String key = layout.rowid() != null ? layout.rowid() : "NULL";
        String columns = layout.columns().stream().map(SourceDatabase::quote).collect(Collectors.joining(", "));
        return "SELECT " + key + (columns.isEmpty() ? "" : ", " + columns) + " FROM " + quote(layout.name());
    }

    private Layout layout(String table) {
        Layout layout = layouts.get(key(table));
        if (layout == null) {
            throw new IllegalArgumentException("no table " + table + " in " + file);
        }
        return layout;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
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
        try {
            for (PreparedStatement statement : rowStatements.values()) {
                statement.close();
            }
            connection.rollback();
        } finally {
            connection.close();
        }
        if (removeWalFilesOnClose) {
            removeWalFiles();
        }
    }

    /**
     * A read-only connection to a WAL file creates its -wal and -shm files and cannot remove them when it
     * closes (that needs a checkpoint). When they were not there before, a connection that may write opens
     * the file and closes it again without writing: SQLite then removes both itself, and only if no other
     * connection has the file open (it takes the exclusive lock first), so a live writer keeps its files.
     */
    private void removeWalFiles() throws SQLException {
        if (!Files.exists(Path.of(file + "-wal")) && !Files.exists(Path.of(file + "-shm"))) {
            return;
        }
        if (!Files.isWritable(file)) {
            return;
        }
        try (Connection closer = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = closer.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM sqlite_schema").close();
        }
    }
}
