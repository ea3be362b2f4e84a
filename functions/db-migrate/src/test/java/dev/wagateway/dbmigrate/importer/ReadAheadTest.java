package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading ahead on a second thread gives every row, in order, as the plain read does; failures on either side end it cleanly. */
class ReadAheadTest {

    @TempDir
    Path dir;

    private Path fileOf(int messages) throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "ahead")) {
            file.sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + messages + ") "
                    + "INSERT INTO messages (id, phone, direction, type, status, content) SELECT 'm' || i, '+1415555' || (1000 + i % 100), "
                    + "'in', 'text', 'received', 'text ' || i FROM n");
        }
        return dir.resolve("ahead.db");
    }

    @Test
    void givesTheRowsOfThePlainReadInOrder() throws Exception {
        try (SourceDatabase source = SourceDatabase.open(fileOf(2_000))) {
            List<Long> plainKeys = new ArrayList<>();
            List<Object[]> plainRows = new ArrayList<>();
            source.stream("messages", (key, values) -> {
                plainKeys.add(key);
                plainRows.add(values);
            });
            List<Long> keys = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            ReadAhead.stream(source, "messages", (key, values) -> {
                keys.add(key);
                rows.add(values);
            });
            assertEquals(2_000, keys.size());
            assertEquals(plainKeys, keys);
            for (int i = 0; i < rows.size(); i++) {
                assertArrayEquals(plainRows.get(i), rows.get(i));
            }
        }
    }

    @Test
    void aFailingConsumerStopsTheReaderBeforeItReturns() throws Exception {
        try (SourceDatabase source = SourceDatabase.open(fileOf(5_000))) {
            IllegalStateException failure = new IllegalStateException("row 1000 cannot be written");
            int[] seen = {0};
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ReadAhead.stream(source, "messages", (key, values) -> {
                if (++seen[0] == 1_000) {
                    throw failure;
                }
            }));
            assertSame(failure, thrown);
            assertEquals(1_000, seen[0]);
            // The file's one connection is free again: the reader has ended.
            assertEquals(5_000, source.count("messages"));
            assertEquals("m4", String.valueOf(source.row("messages", 4)[0]));
        }
    }

    @Test
    void aReadersFailureReachesTheCallerAsThrown() throws Exception {
        try (SourceDatabase source = SourceDatabase.open(fileOf(10))) {
            assertThrows(IllegalArgumentException.class, () -> ReadAhead.stream(source, "no_such_table", (key, values) -> {
            }));
        }
    }
}
