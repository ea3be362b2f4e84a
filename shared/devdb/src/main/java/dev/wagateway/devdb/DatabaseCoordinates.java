package dev.wagateway.devdb;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where one PostgreSQL database is and how to log in to it.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql://} URL naming the database
 * @param username the role to log in as
 * @param password that role's password (may be empty for trust authentication)
 */
public record DatabaseCoordinates(String jdbcUrl, String username, String password) {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&]password=)[^&]*");

    /** The Micronaut properties that point the default datasource at this database. */
    public Map<String, String> datasourceProperties() {
        return Map.of(
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", username,
                "datasources.default.password", password,
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                // Tests run many requests side by side on a shared, busy machine, where a new connection can take
                // seconds; in Lambda (one request at a time) a wait for a connection means the database is gone,
                // and the deployed 1 s holds. The database-down tests name their own (closed) database.
                "datasources.default.connection-timeout", "5000");
    }

    /** The same server, another database on it. */
    public DatabaseCoordinates withDatabase(String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        if (slash < 0) {
            throw new IllegalStateException("JDBC URL names no database: " + redactedUrl());
        }
        int query = jdbcUrl.indexOf('?', slash);
        String rest = query < 0 ? "" : jdbcUrl.substring(query);
        return new DatabaseCoordinates(jdbcUrl.substring(0, slash + 1) + database + rest, username, password);
    }

    /** The URL with the value of any {@code password} parameter masked: safe to log. */
    public String redactedUrl() {
        return PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "DatabaseCoordinates[" + redactedUrl() + ", user=" + username + "]";
    }
}
