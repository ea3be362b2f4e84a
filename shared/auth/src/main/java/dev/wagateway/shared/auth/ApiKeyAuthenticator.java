package dev.wagateway.shared.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.wagateway.shared.apikey.ApiKey;
import dev.wagateway.shared.apikey.ApiKeyRepository;
import dev.wagateway.shared.apikey.ApiKeyWriter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the usable key a caller presented. A new-format key costs one lookup by id and a
 * constant-time hash comparison. Anything else may be a key imported from the legacy gateway:
 * it is looked up by its SHA-256 (legacy keys already upgraded), then checked against the
 * remaining bcrypt hashes; the first success replaces that bcrypt hash with the SHA-256, so the
 * key's next request is a single lookup too.
 */
@Singleton
public class ApiKeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
    private static final int MAX_KEY_LENGTH = 512;
    // bcrypt costs tens of milliseconds per hash: a key that just failed it is not tried again for a
    // while, so junk keys cannot make every request pay for every legacy hash.
    private static final Duration REJECTION_MEMORY = Duration.ofMinutes(1);
    private static final int REMEMBERED_REJECTIONS = 1_000;

    private final ApiKeyRepository keys;
    private final ApiKeyWriter writer;
    private final Clock clock;
    private final Map<String, Instant> recentlyRejected = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED_REJECTIONS;
        }
    };

    public ApiKeyAuthenticator(ApiKeyRepository keys, ApiKeyWriter writer, Clock clock) {
        this.keys = keys;
        this.writer = writer;
        this.clock = clock;
    }

    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String sha256 = ApiKeyFormat.sha256Hex(presented);
        Optional<String> rowId = ApiKeyFormat.rowIdOf(presented);
        if (rowId.isPresent()) {
            Optional<ApiKey> key = keys.findUsable(rowId.get(), now)
                    .filter(k -> "sha256".equals(k.hashAlgorithm()) && ApiKeyFormat.sameHash(k.keyHash(), sha256));
            if (key.isEmpty()) {
                LOG.info("API key {} refused: unknown, revoked, expired or wrong secret", rowId.get());
            }
            return key;
        }
        Optional<ApiKey> upgraded = keys.findUsableBySha256(sha256, now);
        if (upgraded.isPresent() || wasRecentlyRejected(sha256, now)) {
            return upgraded;
        }
        Optional<ApiKey> legacy = checkLegacyHashes(presented, sha256, now);
        if (legacy.isEmpty()) {
            remember(sha256, now);
            LOG.info("An API key that is not in the wak_ format matched no key");
        }
        return legacy;
    }

    private Optional<ApiKey> checkLegacyHashes(String presented, String sha256, Instant now) {
        byte[] password = presented.getBytes(StandardCharsets.UTF_8);
        for (ApiKey candidate : keys.findUsableLegacy(now)) {
            BCrypt.Result result = BCrypt.verifyer().verify(password, candidate.keyHash().getBytes(StandardCharsets.UTF_8));
            if (result.verified) {
                writer.upgradeToSha256(candidate.id(), candidate.keyHash(), sha256);
                LOG.info("Legacy API key {} verified; its bcrypt hash is now replaced by SHA-256", candidate.id());
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private synchronized boolean wasRecentlyRejected(String sha256, Instant now) {
        Instant rejectedAt = recentlyRejected.get(sha256);
        return rejectedAt != null && rejectedAt.plus(REJECTION_MEMORY).isAfter(now);
    }

    private synchronized void remember(String sha256, Instant now) {
        recentlyRejected.put(sha256, now);
    }
}
