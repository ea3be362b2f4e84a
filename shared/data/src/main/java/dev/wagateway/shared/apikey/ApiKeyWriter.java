package dev.wagateway.shared.apikey;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The one writer of {@code api_keys} and {@code api_key_usage}: keys made, revoked and upgraded
 * (through {@link ApiKeyRepository}), and each request counted against its key's window.
 */
@Singleton
public class ApiKeyWriter {

    // One statement per request counts it, and on a key's first request of a window also writes
    // last_used_at (so at most once a window) and prunes the key's old windows.
    private static final String COUNT = """
            WITH counted AS (
                INSERT INTO api_key_usage (api_key_id, window_start, request_count) VALUES (?, ?, 1)
                ON CONFLICT (api_key_id, window_start) DO UPDATE SET request_count = api_key_usage.request_count + 1
                RETURNING request_count),
            touched AS (
                UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (SELECT request_count FROM counted) = 1
                RETURNING 1),
            pruned AS (
                DELETE FROM api_key_usage WHERE api_key_id = ? AND window_start < ? AND (SELECT request_count FROM counted) = 1
                RETURNING 1)
            SELECT request_count FROM counted""";

    private final ApiKeyRepository keys;
    private final JdbcOperations jdbc;

    public ApiKeyWriter(ApiKeyRepository keys, JdbcOperations jdbc) {
        this.keys = keys;
        this.jdbc = jdbc;
    }

    public ApiKey create(ApiKey key) {
        return keys.save(key);
    }

    /** Whether this call revoked it (false: no such live key). */
    public boolean revoke(String id, Instant now) {
        return keys.revoke(id, now) == 1;
    }

    /** Replaces a legacy bcrypt hash by the fast one, unless another request already did. */
    public void upgradeToSha256(String id, String bcryptHash, String sha256) {
        keys.upgradeToSha256(id, bcryptHash, sha256);
    }

    /**
     * Counts one request of {@code keyId} in the window that starts at {@code window}; windows that
     * started before {@code keptFrom} are pruned. Needs a connection (the caller is {@code @Connectable}).
     *
     * @return the window's count, this request included
     */
    public int countRequest(String keyId, Instant window, Instant now, Instant keptFrom) {
        return jdbc.prepareStatement(COUNT, statement -> {
            statement.setString(1, keyId);
            statement.setTimestamp(2, Timestamp.from(window));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setString(4, keyId);
            statement.setString(5, keyId);
            statement.setTimestamp(6, Timestamp.from(keptFrom));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        });
    }
}
