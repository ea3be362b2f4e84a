package dev.wagateway.dbmigrate;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.shared.auth.ApiKeyFormat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysCommandTest {

    private final DatabaseCoordinates database = TestDatabases.instance().create("apikeyscli");
    private final Sql sql = new Sql(database);

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", database.jdbcUrl(), "--username", database.username()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void createPrintsTheKeyOnceListNeverShowsItAndRevokeStopsIt() {
        CommandRun created = run("api-keys", "create", "--name", "shop backend", "--scope", "messages:send,contacts:read",
                "--rate-limit", "120");
        assertEquals(0, created.exitCode(), created.err());
        String key = created.out().lines().filter(l -> l.startsWith(ApiKeyFormat.PREFIX)).findFirst().orElseThrow();
        String id = ApiKeyFormat.rowIdOf(key).orElseThrow();
        assertEquals(ApiKeyFormat.sha256Hex(key), sql.queryValue("SELECT key_hash FROM api_keys WHERE id = '" + id + "'"),
                "only the hash is stored");
        assertEquals("[\"contacts:read\", \"messages:send\"]", sql.queryValue("SELECT permissions FROM api_keys WHERE id = '" + id + "'"));
        assertEquals("120", sql.queryValue("SELECT rate_limit FROM api_keys WHERE id = '" + id + "'"));

        CommandRun listed = run("api-keys", "list");
        assertEquals(0, listed.exitCode());
        assertTrue(listed.out().contains(id) && listed.out().contains("active") && listed.out().contains("shop backend"), listed.out());
        // The secret is what follows wak_<ULID>_ (it may hold '_' itself: base64url).
        String secret = key.substring(ApiKeyFormat.PREFIX.length() + 26 + 1);
        assertFalse(listed.out().contains(secret), "the secret is never shown again");
        assertFalse(listed.out().contains(ApiKeyFormat.sha256Hex(key)), "nor its hash");

        assertEquals(0, run("api-keys", "revoke", "--id", id).exitCode());
        assertTrue(run("api-keys", "list").out().contains("revoked"));
        assertEquals(1, run("api-keys", "revoke", "--id", id).exitCode(), "revoking twice says so");
    }

    @Test
    void aMissingOrWrongDatabaseIsOneLineNotAStackTrace() {
        CommandRun wrong = CommandRun.of("api-keys", "list", "--url", "mysql://db/app");
        assertEquals(ApiKeysCommand.REFUSED, wrong.exitCode());
        assertEquals(List.of("The database URL must be a jdbc:postgresql:// URL"), wrong.err().lines().toList());
        if (System.getenv("DATASOURCES_DEFAULT_URL") == null && System.getenv("DB_SECRET_ARN") == null) {
            CommandRun missing = CommandRun.of("api-keys", "create", "--name", "x", "--scope", "messages:send");
            assertEquals(ApiKeysCommand.REFUSED, missing.exitCode());
            assertEquals(1, missing.err().lines().count(), missing.err());
            assertTrue(missing.err().contains("DATASOURCES_DEFAULT_URL"), missing.err());
        }
    }

    @Test
    void anUnknownScopeIsRefusedAndNothingIsWritten() {
        CommandRun refused = run("api-keys", "create", "--name", "x", "--scope", "messages:delete");
        assertEquals(ApiKeysCommand.REFUSED, refused.exitCode());
        assertTrue(refused.err().contains("scopes"), refused.err());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM api_keys"));
    }
}
