package dev.wagateway.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.Arrays;
import java.util.List;

/**
 * The product's Flyway migrations ({@code classpath:db/migration}, shipped in the data module), the
 * one way db-migrate, the tests' databases and the local run apply them: in strict order, as a
 * deployed database takes them. A migration older than the database's version that it never got is
 * refused, by name, before anything is applied.
 */
public final class SchemaMigrations {

    public static final String LOCATION = "classpath:db/migration";

    /**
     * What one migrate did.
     *
     * @param applied       each migration applied, "version description"
     * @param schemaVersion the schema's version afterwards
     */
    public record Outcome(List<String> applied, String schemaVersion) {
    }

    private SchemaMigrations() {
    }

    public static Flyway flyway(String url, String username, String password) {
        return Flyway.configure()
                .dataSource(url, username, password)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load();
    }

    public static Outcome migrate(String url, String username, String password) {
        Flyway flyway = flyway(url, username, password);
        List<String> late = Arrays.stream(flyway.info().all())
                .filter(migration -> migration.getState() == MigrationState.IGNORED)
                .map(SchemaMigrations::describe).toList();
        if (!late.isEmpty()) {
            throw new IllegalStateException("The database is at version " + flyway.info().current().getVersion()
                    + " but never got " + late + ": migrations apply in strict order, as in AWS. A migration takes "
                    + "a version above the highest one already out.");
        }
        MigrateResult result = flyway.migrate();
        if (!result.success) {
            // Flyway throws on a failed migration; a result that still says failure must not pass quietly.
            throw new IllegalStateException("Flyway reported failure: " + result.warnings);
        }
        List<String> applied = result.migrations.stream().map(SchemaMigrations::describe).toList();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Outcome(applied, version);
    }

    /** Migrations of this jar the database has not applied yet (all of them for a database Flyway never touched). */
    public static List<String> pending(String url, String username, String password) {
        return Arrays.stream(flyway(url, username, password).info().pending()).map(SchemaMigrations::describe).toList();
    }

    private static String describe(MigrateOutput migration) {
        return (migration.version == null || migration.version.isEmpty() ? "R" : migration.version) + " " + migration.description;
    }

    private static String describe(MigrationInfo migration) {
        return "V" + migration.getVersion() + " " + migration.getDescription();
    }
}
