package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.DatabaseSettings;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A fresh migrated database and a way to import into it. */
final class ImportFixture {

    final DatabaseCoordinates database;
    final Sql sql;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    ImportFixture(String hint) {
        this.database = TestDatabases.instance().create(hint);
        this.sql = new Sql(database);
    }

    DatabaseSettings settings() {
        return new DatabaseSettings(database.jdbcUrl(), database.username(), database.password());
    }

    ImportResult run(Path file) throws Exception {
        return run(new ImportOptions(file, false, UnknownTables.STOP, null));
    }

    ImportResult run(ImportOptions options) throws Exception {
        ImportResult result = new SqliteImporter(settings(), new PrintStream(output, true, StandardCharsets.UTF_8), false).run(options);
        ReportPrinter.print(new PrintStream(output, true, StandardCharsets.UTF_8), result);
        return result;
    }

    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    long count(String sqlText) {
        return Long.parseLong(sql.queryValue(sqlText));
    }

    String value(String sqlText) {
        return sql.queryValue(sqlText);
    }
}
