package dev.wagateway.dbmigrate;

import dev.wagateway.schema.SchemaMigrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** The migration job as a command line: the same work as {@link MigrationHandler}. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies the Flyway migrations and prints the versions applied.")
public final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Override
    public Integer call() {
        DatabaseSettings settings = database.resolve();
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(settings.url(), settings.username(), settings.password());
        if (outcome.applied().isEmpty()) {
            System.out.println("Schema already at version " + outcome.schemaVersion() + "; nothing applied.");
        } else {
            outcome.applied().forEach(applied -> System.out.println("applied " + applied));
            System.out.println("Schema now at version " + outcome.schemaVersion() + ".");
        }
        return 0;
    }
}
