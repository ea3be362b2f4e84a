package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the operator sees when an import cannot be done: one line and the exit code, never a stack trace. */
class ImportSqliteCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotSqliteIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("export.db"), "id,phone\n1,+14155550101\n");
        ImportFixture target = new ImportFixture("notsqlite");

        CommandRun run = importSqlite(target, file);

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("export.db is not a SQLite database (it does not start with the SQLite file header). Nothing was written.",
                run.err().strip());
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
    }

    @Test
    void aFailedImportIsOneLineAndExitOne() throws Exception {
        Path file = LegacyFile.withAnIdThatCannotStayUnique(dir, "same-id");
        ImportFixture target = new ImportFixture("failedcli");

        CommandRun run = importSqlite(target, file);

        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("Import failed, nothing was kept: PSQLException:"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertEquals("failed", target.value("SELECT status FROM import_runs"));
        assertEquals(0, target.count("SELECT count(*) FROM messages"));
    }

    private static CommandRun importSqlite(ImportFixture target, Path file) {
        return CommandRun.of("import-sqlite", file.toString(), "--url", target.database.jdbcUrl(), "--username", target.database.username());
    }
}
