package dev.wagateway.devdb;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the product's Flyway migrations ({@code classpath:db/migration}, shipped in the shared module). */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    public static Flyway flyway(DatabaseCoordinates database) {
        return Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load();
    }

    public static MigrateResult migrate(DatabaseCoordinates database) {
        return flyway(database).migrate();
    }
}
