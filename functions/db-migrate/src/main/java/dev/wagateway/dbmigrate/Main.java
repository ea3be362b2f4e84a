package dev.wagateway.dbmigrate;

import dev.wagateway.dbmigrate.importer.ImportSqliteCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code db-migrate migrate}, {@code db-migrate import-sqlite} and {@code db-migrate api-keys}. */
@Command(name = "db-migrate", mixinStandardHelpOptions = true,
        description = "Schema migrations and the legacy SQLite import of wa-gateway.",
        subcommands = {MigrateCommand.class, ImportSqliteCommand.class, ApiKeysCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
