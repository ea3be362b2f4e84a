package dev.wagateway.dbmigrate;

import picocli.CommandLine.Option;

/** Where the database is; anything not given comes from the environment ({@link DatabaseSettingsResolver}). */
public final class DatabaseOptions {

    @Option(names = "--url", description = "JDBC URL of the database's direct endpoint (default: $DATASOURCES_DEFAULT_URL)")
    String url;

    @Option(names = "--username", description = "Database user (default: $DATASOURCES_DEFAULT_USERNAME, or the secret's)")
    String username;

    public DatabaseSettings resolve() {
        return new DatabaseSettingsResolver(System.getenv(), MigrationHandler.secretsManager()).resolve(url, username, null);
    }
}
