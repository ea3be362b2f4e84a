package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Into empty tables the import drops keys, indexes and foreign keys, and must put back every one of them. */
class DeferredChecksTest {

    /** Every index and every key, unique and foreign-key constraint of the schema, one per line. */
    private static final String SCHEMA = "SELECT string_agg(definition, E'\\n' ORDER BY definition) FROM ("
            + "SELECT indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() "
            + "UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated "
            + "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND contype IN ('p', 'u', 'f')) d";

    @TempDir
    Path dir;

    @Test
    void anImportIntoEmptyTablesLeavesEveryIndexAndConstraintAsItWas() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-messy.db", dir);
        ImportFixture target = new ImportFixture("deferred");
        String before = target.value(SCHEMA);
        assertTrue(before.contains("messages_content_search_idx"), before);
        assertTrue(before.contains("media_message_id_fkey"), before);

        ImportResult result = target.run(file);

        assertTrue(result.succeeded(), target.output());
        assertTrue(result.table("messages").imported() > 0);
        assertEquals(before, target.value(SCHEMA));
    }

    @Test
    void aKeyThatCannotBeRebuiltFailsTheImportAndLeavesNothingBehind() throws Exception {
        Path file = LegacyFile.withAnIdThatCannotStayUnique(dir, "same-id");
        ImportFixture target = new ImportFixture("deferred_fail");
        String before = target.value(SCHEMA);

        Exception failure = assertThrows(Exception.class, () -> target.run(file));

        assertNotNull(failure.getMessage());
        assertTrue(failure.getMessage().contains("messages_pkey"), failure.getMessage());
        assertEquals(before, target.value(SCHEMA));
        assertEquals(0, target.count("SELECT count(*) FROM messages"));
        assertEquals("failed", target.value("SELECT status FROM import_runs"));
        assertFalse(target.value("SELECT error FROM import_runs").isBlank());
    }
}
