package dev.wagateway.dbmigrate;

import dev.wagateway.shared.secrets.JsonSecrets;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds the database from the environment, the way the functions do, plus the secret that AWS keeps:
 * {@code DATASOURCES_DEFAULT_URL} and {@code DATASOURCES_DEFAULT_USERNAME}, the password from the
 * Secrets Manager secret named by {@code DB_SECRET_ARN} (an RDS secret: {@code username},
 * {@code password} and, when no URL is given, {@code host}, {@code port}, {@code dbname}).
 * Outside AWS, {@code DATASOURCES_DEFAULT_PASSWORD} may give the password instead.
 */
public final class DatabaseSettingsResolver {

    public static final String URL = "DATASOURCES_DEFAULT_URL";
    public static final String USERNAME = "DATASOURCES_DEFAULT_USERNAME";
    public static final String PASSWORD = "DATASOURCES_DEFAULT_PASSWORD";
    public static final String SECRET_ARN = "DB_SECRET_ARN";

    private final Map<String, String> environment;
    private final Supplier<JsonSecrets> secrets;

    public DatabaseSettingsResolver(Map<String, String> environment, Supplier<JsonSecrets> secrets) {
        this.environment = environment;
        this.secrets = secrets;
    }

    /** Resolves the settings; explicit values (command-line options) win over the environment when not null. */
    public DatabaseSettings resolve(String url, String username, String password) {
        String finalUrl = firstNonBlank(url, environment.get(URL));
        String finalUser = firstNonBlank(username, environment.get(USERNAME));
        String finalPassword = firstNonBlank(password, environment.get(PASSWORD));
        String secretArn = environment.get(SECRET_ARN);
        if (secretArn != null && !secretArn.isBlank()) {
            Map<String, String> secret = secrets.get().read(secretArn);
            finalUser = firstNonBlank(finalUser, secret.get("username"));
            finalPassword = firstNonBlank(finalPassword, secret.get("password"));
            if (finalUrl == null && secret.get("host") != null) {
                String port = firstNonBlank(secret.get("port"), "5432");
                String database = firstNonBlank(secret.get("dbname"), "postgres");
                finalUrl = "jdbc:postgresql://" + secret.get("host") + ":" + port + "/" + database;
            }
        }
        if (finalUrl == null) {
            throw new IllegalArgumentException("No database given: set " + URL + " (or --url), or " + SECRET_ARN
                    + " to a secret that names the host");
        }
        if (!finalUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("The database URL must be a jdbc:postgresql:// URL");
        }
        return new DatabaseSettings(finalUrl, firstNonBlank(finalUser, "postgres"), finalPassword == null ? "" : finalPassword);
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : null;
    }
}
