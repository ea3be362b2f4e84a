package dev.wagateway.shared.apikey;

import dev.wagateway.shared.auth.ApiKeyFormat;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Makes, lists and revokes API keys. The key itself exists only in what {@link #create} returns. */
@Singleton
public class ApiKeyService {

    public static final int DEFAULT_RATE_LIMIT = 1000;

    /**
     * A key just made.
     *
     * @param stored what the database holds about it (no secret)
     * @param key    the key to give its owner: shown once, never stored
     */
    public record CreatedApiKey(ApiKey stored, String key) {
        @Override
        public String toString() {
            return "CreatedApiKey[" + stored + "]";
        }
    }

    private final ApiKeyRepository keys;
    private final ApiKeyWriter writer;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, ApiKeyWriter writer, Clock clock) {
        this.keys = keys;
        this.writer = writer;
        this.clock = clock;
    }

    public CreatedApiKey create(String name, List<String> scopes, int rateLimitPerMinute, @Nullable Instant expiresAt) {
        if (name == null || name.isBlank()) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        if (scopes.isEmpty() || !Scopes.KNOWN.containsAll(scopes)) {
            throw ProblemException.invalidField("scopes", "must be one or more of " + new TreeSet<>(Scopes.KNOWN));
        }
        if (rateLimitPerMinute <= 0) {
            throw ProblemException.invalidField("rateLimit", "must be at least 1 request a minute");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        String id = Ids.API_KEY.next();
        String key = ApiKeyFormat.newKey(id);
        ApiKey stored = writer.create(new ApiKey(id, ApiKeyFormat.sha256Hex(key), "sha256", name.strip(),
                List.copyOf(new TreeSet<>(scopes)), rateLimitPerMinute, null, expiresAt, Map.of(), null, null, null));
        return new CreatedApiKey(stored, key);
    }

    public List<ApiKey> list() {
        return keys.findAllOrdered();
    }

    /** Revokes a key at once; false when there is no such key or it was revoked already. */
    public boolean revoke(String id) {
        return writer.revoke(id, clock.instant());
    }
}
