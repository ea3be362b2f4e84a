package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delta hashes every row without reading it into objects ({@link SourceDatabase#hashRows}) and skips the rows
 * whose hash is the one the earlier run kept ({@link SourceRowHash#of} over the row as {@link SourceDatabase#stream}
 * read it). The two must agree on every kind of value, or an unchanged row is read again (slow) and, worse, they
 * must never agree on two different rows.
 */
class RawRowHashTest {

    @TempDir
    Path dir;

    @Test
    void theRawHashOfEveryKindOfValueIsTheHashOfTheRowAsObjects() throws Exception {
        Path file = dir.resolve("values.db");
        // 25 columns: the storage classes come in two integers (21 columns each).
        String columns = IntStream.rangeClosed(1, 24).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // No type on id: SQLite keeps an integer, a real or a blob id as it is given.
            s.execute("CREATE TABLE t (id, " + columns + ")");
            s.execute("INSERT INTO t (id, c1, c2, c3, c4, c5, c24) VALUES ('a', 1, 1.0, '1', x'01', NULL, 'last')");
            s.execute("INSERT INTO t (id, c1, c2, c3, c4, c22, c23) VALUES ('b', -9223372036854775808, 0.1, 'olá 👍 مرحبا', x'', 'x', 2)");
            // Text that is not UTF-8, text with a NUL, an integer id, a blob id, a real id.
            s.execute("INSERT INTO t (id, c1, c2) VALUES ('c', CAST(x'c328' AS TEXT), 'a' || char(0) || 'b')");
            s.execute("INSERT INTO t (id, c1) VALUES (42, 'integer id')");
            s.execute("INSERT INTO t (id, c1) VALUES (x'6964', 'blob id')");
            s.execute("INSERT INTO t (id, c1) VALUES (4.5, 'real id')");
            s.execute("INSERT INTO t (id, c1) VALUES (CAST(x'ff' AS TEXT), 'broken id')");
        }
        try (SourceDatabase source = SourceDatabase.open(file)) {
            List<String> names = source.columns("t");
            Map<Long, Long> asObjects = new LinkedHashMap<>();
            SourceRowHash objects = new SourceRowHash("t", names, "BR");
            source.stream("t", (rowid, values) -> asObjects.put(rowid, objects.of(values)));

            Map<Long, Long> raw = new LinkedHashMap<>();
            List<byte[]> ids = new ArrayList<>();
            SourceRowHash bytes = new SourceRowHash("t", names, "BR");
            assertTrue(source.hashRows("t", 0, bytes, (rowid, id, hash) -> {
                raw.put(rowid, hash);
                ids.add(id);
            }));

            assertEquals(asObjects, raw);
            assertEquals(7, raw.size());
            assertEquals(7, raw.values().stream().distinct().count(), "seven different rows, seven hashes");
            assertArrayEquals("a".getBytes(), ids.get(0));
            assertArrayEquals("42".getBytes(), ids.get(3), "an integer id as the import names it");
            assertNull(ids.get(4), "a blob id is left to the long way");
            assertNull(ids.get(5), "so is a real one");
            assertNull(ids.get(6), "and one that is not UTF-8");

            // The seed: other columns or another default region give other hashes.
            List<Long> otherRegion = new ArrayList<>();
            source.hashRows("t", 0, new SourceRowHash("t", names, "PT"), (rowid, id, hash) -> otherRegion.add(hash));
            assertFalse(otherRegion.stream().anyMatch(raw::containsValue));
        }
    }

    @Test
    void aValueChangedWithoutAnyMarkerChangesTheHashAndTypesAreTold() throws Exception {
        Path file = dir.resolve("edits.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE m (id TEXT, status TEXT, n)");
            s.execute("INSERT INTO m VALUES ('m1', 'sent', 1), ('m2', 'sent', 1), ('m3', 'sent', 1), ('m4', 'sent', 1)");
        }
        long[] before = hashes(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("UPDATE m SET status = 'read' WHERE id = 'm1'");
            s.execute("UPDATE m SET n = '1' WHERE id = 'm2'");
            s.execute("UPDATE m SET n = 1.0 WHERE id = 'm3'");
        }
        long[] after = hashes(file);
        assertNotEquals(before[0], after[0], "same length, other text");
        assertNotEquals(before[1], after[1], "1 and '1'");
        assertNotEquals(before[2], after[2], "1 and 1.0");
        assertEquals(before[3], after[3]);
    }

    @Test
    void aTableWithoutRowidIsLeftToTheReaderOfObjects() throws Exception {
        Path file = dir.resolve("norowid.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE w (id TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
            s.execute("INSERT INTO w VALUES ('a', 'b')");
        }
        try (SourceDatabase source = SourceDatabase.open(file)) {
            assertFalse(source.hashRows("w", 0, new SourceRowHash("w", source.columns("w"), "null"), (rowid, id, hash) -> {
                throw new AssertionError("read nothing");
            }));
        }
    }

    private static long[] hashes(Path file) throws Exception {
        try (SourceDatabase source = SourceDatabase.open(file)) {
            List<Long> hashes = new ArrayList<>();
            source.hashRows("m", 0, new SourceRowHash("m", source.columns("m"), "null"), (rowid, id, hash) -> hashes.add(hash));
            return hashes.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
