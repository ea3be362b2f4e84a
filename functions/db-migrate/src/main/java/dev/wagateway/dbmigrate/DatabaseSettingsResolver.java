package dev.wagateway.dbmigrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> environment;
    private final Supplier<SecretReader> secrets;

    public DatabaseSettingsResolver(Map<String, String> environment, Supplier<SecretReader> secrets) {
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
            JsonNode secret = parse(secrets.get().read(secretArn), secretArn);
            finalUser = firstNonBlank(finalUser, text(secret, "username"));
            finalPassword = firstNonBlank(finalPassword, text(secret, "password"));
            if (finalUrl == null && text(secret, "host") != null) {
                String port = firstNonBlank(text(secret, "port"), "5432");
                String database = firstNonBlank(text(secret, "dbname"), "postgres");
                finalUrl = "jdbc:postgresql://" + text(secret, "host") + ":" + port + "/" + database;
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

    private static JsonNode parse(String secret, String arn) {
        try {
            JsonNode node = JSON.readTree(secret);
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("Secret " + arn + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            // The secret's text may be the password itself: never echo it.
            throw new IllegalStateException("Secret " + arn + " is not JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : null;
    }
}
