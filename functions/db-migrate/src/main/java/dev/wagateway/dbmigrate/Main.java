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

    /** Exit code of a command refused before it wrote anything (no database given, a wrong URL). */
    static final int REFUSED = 2;

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // A setting the user got wrong is a sentence for the user, not a stack trace.
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            if (exception instanceof IllegalArgumentException) {
                command.getErr().println(exception.getMessage());
                return REFUSED;
            }
            throw exception;
        });
        return commandLine;
    }
}
