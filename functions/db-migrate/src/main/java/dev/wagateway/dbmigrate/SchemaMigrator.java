package dev.wagateway.dbmigrate;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.List;

/** Applies the shared module's Flyway migrations ({@code classpath:db/migration}) over the direct endpoint. */
public final class SchemaMigrator {

    public static final String LOCATION = "classpath:db/migration";

    /** What one migrate did. */
    public record Outcome(List<String> applied, String schemaVersion) {
    }

    public Outcome migrate(DatabaseSettings database) {
        MigrateResult result = Flyway.configure()
                .dataSource(database.url(), database.username(), database.password())
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        if (!result.success) {
            // Flyway throws on a failed migration; a result that still says failure must not pass quietly.
            throw new IllegalStateException("Flyway reported failure: " + result.warnings);
        }
        List<String> applied = result.migrations.stream().map(SchemaMigrator::describe).toList();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Outcome(applied, version);
    }

    /** Migrations of this jar the database has not applied yet (all of them for a database Flyway never touched). */
    public List<String> pending(DatabaseSettings database) {
        return java.util.Arrays.stream(Flyway.configure()
                        .dataSource(database.url(), database.username(), database.password())
                        .locations(LOCATION)
                        .load()
                        .info()
                        .pending())
                .map(migration -> "V" + migration.getVersion() + " " + migration.getDescription())
                .toList();
    }

    private static String describe(MigrateOutput migration) {
        return (migration.version == null || migration.version.isEmpty() ? "R" : migration.version) + " " + migration.description;
    }
}
